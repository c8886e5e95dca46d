// The client against a real bandstationd on 127.0.0.1: connecting, a refused token, the daemon
// going away and coming back, and a set whose reps reach the live model and the report.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "daemon_process.h"
#include "station_client.h"

using Status = StationClient::Status;

class ClientTest : public QObject {
    Q_OBJECT

private slots:
    void connectsAndReconnects()
    {
        DaemonProcess daemon;
        QVERIFY2(daemon.start(), qPrintable(daemon.output()));
        StationClient client(daemon.url(), daemon.token(QStringLiteral("control")));
        QSignalSpy status(&client, &StationClient::statusChanged);
        QCOMPARE(client.status(), Status::NotConnected);
        client.start();
        QCOMPARE(client.status(), Status::Connecting);
        QTRY_COMPARE(client.status(), Status::Ready);
        QVERIFY(client.errorString().isEmpty());
        QTRY_COMPARE(client.sensor().value("state").toString(), QStringLiteral("streaming"));
        QTRY_VERIFY(client.trace()->size() > 10); // force frames arrive
        QCOMPARE(client.phase(), QStringLiteral("idle"));

        // The daemon stops: the client says so in words and keeps trying; it comes back.
        const auto port = daemon.port();
        daemon.stop();
        QTRY_COMPARE(client.status(), Status::Connecting);
        QTRY_VERIFY(client.errorString().contains(QStringLiteral("not answering")));
        QVERIFY(daemon.start(port));
        QTRY_COMPARE_WITH_TIMEOUT(client.status(), Status::Ready, 15000);
    }

    void aRefusedTokenIsAnErrorOnScreen()
    {
        DaemonProcess daemon;
        QVERIFY(daemon.start());
        StationClient client(daemon.url(), QStringLiteral("bst_not_a_token"));
        client.start();
        QTRY_COMPARE(client.status(), Status::Error);
        QVERIFY2(client.errorString().contains(QStringLiteral("refused the token")),
                 qPrintable(client.errorString()));

        StationClient noToken(daemon.url(), {});
        noToken.start(QStringLiteral("No access token"));
        QCOMPARE(noToken.status(), Status::Error);
        QCOMPARE(noToken.errorString(), QStringLiteral("No access token"));
    }

    void aSetThroughTheClient()
    {
        DaemonProcess daemon;
        QVERIFY(daemon.start());
        StationClient client(daemon.url(), daemon.token(QStringLiteral("control")));
        QAbstractItemModelTester athletes(client.athletes(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester reps(client.liveReps(),
                                      QAbstractItemModelTester::FailureReportingMode::QtTest);
        client.start();
        QTRY_COMPARE(client.status(), Status::Ready);
        QTRY_VERIFY(client.exercises()->rowCount() >= 8);

        QSignalSpy added(&client, &StationClient::athleteAdded);
        client.addAthlete(QStringLiteral("Ana"), 2);
        QTRY_COMPARE(added.count(), 1);
        QTRY_COMPARE(client.athletes()->rowCount(), 1);
        QTRY_COMPARE(client.summary().value("week").toMap().value("plan").toInt(), 2);

        // A bad request comes back as the daemon's reason.
        QSignalSpy failed(&client, &StationClient::actionFailed);
        client.startSet(); // no exercise chosen
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(client.lastError(), QStringLiteral("field 'exercise' is required"));

        client.startSession();
        QTRY_COMPARE(client.phase(), QStringLiteral("ready"));
        client.plan()->select(QStringLiteral("banded_bridge"));
        client.plan()->setProperty("reps", 3);
        client.plan()->setProperty("sets", 1);
        client.plan()->setProperty("hasZone", true);
        client.plan()->setProperty("zoneLow", 40);
        client.plan()->setProperty("zoneHigh", 90);
        QSignalSpy ended(&client, &StationClient::setEnded);
        client.startSet();
        QTRY_COMPARE(client.phase(), QStringLiteral("waiting"));
        QVERIFY(client.hasZone());
        QCOMPARE(client.zoneHigh(), 90.0);
        QTRY_COMPARE_WITH_TIMEOUT(client.liveReps()->rowCount(), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10000);
        QTRY_VERIFY(client.report()->valid());
        QCOMPARE(client.report()->reps(), 3);
        QTRY_COMPARE(client.report()->curveCount(), 3);
        QCOMPARE(client.phase(), QStringLiteral("ready"));
        QTRY_COMPARE(client.history()->rowCount(), 1);
    }
};

QTEST_MAIN(ClientTest)
#include "ui_client_test.moc"
