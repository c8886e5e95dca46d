// bandstation-ui: the station's touchscreen. A thin main: options, the client, the QML module.
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickWindow>

#include <QtQml/qqmlextensionplugin.h>

#include "launch_options.h"
#include "station_client.h"

Q_IMPORT_QML_PLUGIN(BandstationPlugin)

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("bandstation-ui"));
    QGuiApplication::setApplicationVersion(QStringLiteral(BANDSTATION_VERSION));

    const auto options = resolveLaunchOptions(QGuiApplication::arguments(),
                                              QProcessEnvironment::systemEnvironment());
    StationClient client(options.url, options.token);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.setInitialProperties({{QStringLiteral("client"), QVariant::fromValue(&client)},
                                 {QStringLiteral("fullScreen"), options.fullScreen}});
    QObject::connect(
        &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
        [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Bandstation/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return 1;
    }
    client.start(options.error);
    return QGuiApplication::exec();
}
