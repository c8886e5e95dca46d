#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>
#include <QWebSocket>
#include <functional>

#include <QtQml/qqmlregistration.h>

#include "force_buffer.h"
#include "models.h"
#include "set_plan.h"
#include "set_report.h"

// The touchscreen's link to bandstationd, through the daemon's public API only: the live
// WebSocket for state, force and events, and HTTP for actions and history. It reconnects by
// itself; while the daemon is away `status` is not Ready and the screens disable their actions.
class StationClient : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by main() with the station's address and token")

    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY statusChanged)
    Q_PROPERTY(QUrl url READ url CONSTANT)
    Q_PROPERTY(QString lastError READ lastError NOTIFY actionFailed)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)

    Q_PROPERTY(QString phase READ phase NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap session READ session NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap set READ set NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap rest READ rest NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap calibration READ calibration NOTIFY stateChanged)
    Q_PROPERTY(bool calibrated READ calibrated NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap sensor READ sensor NOTIFY sensorChanged)
    Q_PROPERTY(QVariantMap diagnostics READ diagnostics NOTIFY diagnosticsChanged)

    Q_PROPERTY(bool forceValid READ forceValid NOTIFY forceChanged)
    Q_PROPERTY(double force READ force NOTIFY forceChanged)
    Q_PROPERTY(double displayMax READ displayMax NOTIFY displayMaxChanged)
    Q_PROPERTY(bool hasZone READ hasZone NOTIFY zoneChanged)
    Q_PROPERTY(double zoneLow READ zoneLow NOTIFY zoneChanged)
    Q_PROPERTY(double zoneHigh READ zoneHigh NOTIFY zoneChanged)
    Q_PROPERTY(bool inZone READ inZone NOTIFY forceChanged)
    Q_PROPERTY(double holdInZoneS READ holdInZoneS NOTIFY forceChanged)
    Q_PROPERTY(int direction READ direction NOTIFY repsChanged)
    Q_PROPERTY(int directionSteps READ directionSteps NOTIFY repsChanged)
    Q_PROPERTY(bool turnNow READ turnNow NOTIFY repsChanged)
    Q_PROPERTY(int repSerial READ repSerial NOTIFY repsChanged)

    Q_PROPERTY(qint64 athleteId READ athleteId NOTIFY athleteChanged)
    Q_PROPERTY(QString athleteName READ athleteName NOTIFY athleteChanged)
    Q_PROPERTY(QVariantMap summary READ summary NOTIFY summaryChanged)

    Q_PROPERTY(ForceBuffer* trace READ trace CONSTANT)
    Q_PROPERTY(AthleteModel* athletes READ athletes CONSTANT)
    Q_PROPERTY(ExerciseModel* exercises READ exercises CONSTANT)
    Q_PROPERTY(RepModel* liveReps READ liveReps CONSTANT)
    Q_PROPERTY(HistoryModel* history READ history CONSTANT)
    Q_PROPERTY(TrendExerciseModel* trendExercises READ trendExercises CONSTANT)
    Q_PROPERTY(TrendModel* trend READ trend CONSTANT)
    Q_PROPERTY(SetReport* report READ report CONSTANT)
    Q_PROPERTY(SetPlan* plan READ plan CONSTANT)

public:
    enum class Status { NotConnected, Connecting, Ready, Error };
    Q_ENUM(Status)

    StationClient(const QUrl& url, const QString& token, QObject* parent = nullptr);
    ~StationClient() override;

    // Starts connecting (and reconnecting). `problem`, when not empty, is why the client cannot
    // work (no token, a bad address): the status becomes Error with it and nothing is tried.
    void start(const QString& problem = {});

    Status status() const { return m_status; }
    QString errorString() const { return m_errorString; }
    QUrl url() const { return m_url; }
    QString lastError() const { return m_lastError; }
    bool busy() const { return m_pending > 0; }
    QString phase() const { return m_phase; }
    QVariantMap session() const { return m_state.value("session").toMap(); }
    QVariantMap set() const { return m_state.value("set").toMap(); }
    QVariantMap rest() const { return m_state.value("rest").toMap(); }
    QVariantMap calibration() const { return m_state.value("calibration").toMap(); }
    bool calibrated() const;
    QVariantMap sensor() const { return m_sensor; }
    QVariantMap diagnostics() const { return m_diagnostics; }
    bool forceValid() const { return m_forceValid; }
    double force() const { return m_force; }
    double displayMax() const { return m_displayMax; }
    bool hasZone() const { return m_zoneHigh > m_zoneLow; }
    double zoneLow() const { return m_zoneLow; }
    double zoneHigh() const { return m_zoneHigh; }
    bool inZone() const
    {
        return m_forceValid && hasZone() && m_force >= m_zoneLow && m_force <= m_zoneHigh;
    }
    double holdInZoneS() const { return m_holdInZoneS; }
    int direction() const { return m_direction; }
    int directionSteps() const { return m_directionSteps; }
    bool turnNow() const;
    int repSerial() const { return m_repSerial; }
    qint64 athleteId() const { return m_athleteId; }
    QString athleteName() const { return m_athleteName; }
    QVariantMap summary() const { return m_summary.toVariantMap(); }

    ForceBuffer* trace() { return &m_trace; }
    AthleteModel* athletes() { return &m_athletes; }
    ExerciseModel* exercises() { return &m_exercises; }
    RepModel* liveReps() { return &m_liveReps; }
    HistoryModel* history() { return &m_history; }
    TrendExerciseModel* trendExercises() { return &m_trendExercises; }
    TrendModel* trend() { return &m_trend; }
    SetReport* report() { return &m_report; }
    SetPlan* plan() { return &m_plan; }

    // Actions (control scope). Each reports failure through actionFailed with the daemon's reason.
    Q_INVOKABLE void refreshAthletes();
    Q_INVOKABLE void addAthlete(const QString& name, int sessionsPerWeek);
    Q_INVOKABLE void selectAthlete(qint64 id);
    Q_INVOKABLE void startSession();
    Q_INVOKABLE void endSession();
    Q_INVOKABLE void startSet();
    Q_INVOKABLE void endSet();
    Q_INVOKABLE void skipRest();
    Q_INVOKABLE void extendRest(int seconds = 30);
    // `confirm`: accept a result more than twice off the last calibration (a new load cell).
    Q_INVOKABLE void startCalibration(double massKg, bool confirm = false);
    Q_INVOKABLE void cancelCalibration();
    Q_INVOKABLE void refreshDiagnostics();
    Q_INVOKABLE void selectTrend(const QString& exerciseId);
    Q_INVOKABLE void loadSessionReport(qint64 sessionId);

signals:
    void statusChanged();
    void stateChanged();
    void sensorChanged();
    void diagnosticsChanged();
    void forceChanged();
    void displayMaxChanged();
    void zoneChanged();
    void repsChanged();
    void athleteChanged();
    void summaryChanged();
    void busyChanged();
    void actionFailed(const QString& message);
    void athleteAdded(qint64 id);
    void setEnded(qint64 setId);
    void sessionEnded(qint64 sessionId);

private:
    using Reply = std::function<void(const QJsonObject&)>;
    void request(const QByteArray& method, const QString& path, const QVariantMap& body,
                 Reply onSuccess);
    void setStatus(Status status, const QString& error);
    void openSocket();
    void scheduleReconnect(const QString& why);
    void onMessage(const QString& text);
    void applyState(const QJsonObject& state);
    void applyForce(const QJsonObject& frame);
    void applyMovement(const QJsonObject& event);
    void setZone(double low, double high);
    void loadSummary();
    void loadReport(qint64 sessionId, qint64 setId);

    QUrl m_url;
    QByteArray m_authorization;
    QNetworkAccessManager m_network;
    QWebSocket m_socket;
    QTimer m_reconnect;
    int m_backoffMs = 500;
    bool m_tokenRefused = false;
    Status m_status = Status::NotConnected;
    QString m_errorString;
    QString m_lastError;
    int m_pending = 0;

    QJsonObject m_stateJson;
    QVariantMap m_state;
    QString m_phase = QStringLiteral("idle");
    qint64 m_setId = 0;
    qint64 m_sessionId = 0;
    QVariantMap m_sensor;
    QVariantMap m_diagnostics;

    ForceBuffer m_trace;
    bool m_forceValid = false;
    double m_force = 0;
    double m_displayMax = 100;
    double m_zoneLow = 0;
    double m_zoneHigh = 0;
    double m_holdInZoneS = 0;
    double m_lastSampleT = 0;
    int m_direction = 0;
    int m_directionSteps = 0;
    int m_repSerial = 0;

    qint64 m_athleteId = 0;
    QString m_athleteName;
    QJsonObject m_summary;

    AthleteModel m_athletes;
    ExerciseModel m_exercises;
    RepModel m_liveReps;
    HistoryModel m_history;
    TrendExerciseModel m_trendExercises;
    TrendModel m_trend;
    SetReport m_report;
    SetPlan m_plan;
};
