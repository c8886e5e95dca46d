#pragma once

// A real bandstationd on 127.0.0.1 for the UI's tests: its own database in a temporary folder,
// the simulated sensor (a virtual athlete does the sets the station runs), an ephemeral port.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

class DaemonProcess {
public:
    DaemonProcess() = default;
    ~DaemonProcess() { stop(); }

    // Starts the daemon (on `port`, 0: any) and waits until it listens; false on failure.
    bool start(quint16 port = 0)
    {
        QFile config(m_dir.filePath("bandstation.conf"));
        if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            return false;
        }
        config.write(QStringLiteral("database = %1\nlisten = 127.0.0.1:%2\nrealtime = no\n"
                                    "sensor = simulated\nlog_level = info\n")
                         .arg(m_dir.filePath("station.db"))
                         .arg(port)
                         .toUtf8());
        config.close();
        m_output.clear();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral(BANDSTATIOND_PATH),
                        {QStringLiteral("--config"), config.fileName()});
        if (!m_process.waitForStarted(5000)) {
            return false;
        }
        static const QRegularExpression listening(
            QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
        for (int i = 0; i < 100; ++i) {
            m_process.waitForReadyRead(100);
            m_output += QString::fromUtf8(m_process.readAll());
            if (const auto m = listening.match(m_output); m.hasMatch()) {
                m_port = static_cast<quint16>(m.captured(1).toUInt());
                return true;
            }
            if (m_process.state() != QProcess::Running) {
                return false;
            }
        }
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::Running) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(2000);
            }
        }
    }

    // A new token of `scope` from the `bandstation` tool (the daemon picks it up on first use).
    QString token(const QString& scope)
    {
        QProcess tool;
        tool.start(QStringLiteral(BANDSTATION_TOOL_PATH),
                   {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--scope"),
                    scope, QStringLiteral("--db"), m_dir.filePath("station.db")});
        tool.waitForFinished(10000);
        return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    quint16 port() const { return m_port; }
    QString output() { return m_output += QString::fromUtf8(m_process.readAll()); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_output;
    quint16 m_port = 0;
};
