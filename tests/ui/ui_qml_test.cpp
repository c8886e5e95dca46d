// Qt Quick Test cases of the screens and components (tests/ui/qml/tst_*.qml), with a fake client
// written in QML: what each screen shows for a given state, and what each tap asks for.
#include <QQmlEngine>
#include <QtQuickTest>

#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(BandstationPlugin)

class Setup : public QObject {
    Q_OBJECT

public slots:
    void qmlEngineAvailable(QQmlEngine* engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
    }
};

QUICK_TEST_MAIN_WITH_SETUP(bandstation_ui, Setup)

#include "ui_qml_test.moc"
