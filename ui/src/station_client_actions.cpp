// StationClient: the actions a screen asks for and the history it shows, over HTTP.
#include <QJsonArray>

#include "station_client.h"

void StationClient::refreshAthletes()
{
    request("GET", QStringLiteral("/api/v1/athletes"), {},
            [this](const QJsonObject& o) { m_athletes.load(o.value("athletes").toArray()); });
}

void StationClient::addAthlete(const QString& name, int sessionsPerWeek)
{
    request("POST", QStringLiteral("/api/v1/athletes"),
            {{"name", name.trimmed()}, {"sessions_per_week", sessionsPerWeek}},
            [this](const QJsonObject& athlete) {
                const auto id = athlete.value("id").toInteger();
                refreshAthletes();
                selectAthlete(id);
                emit athleteAdded(id);
            });
}

void StationClient::selectAthlete(qint64 id)
{
    m_athleteId = id;
    const int row = m_athletes.indexOf(QStringLiteral("athleteId"), id);
    m_athleteName = row >= 0 ? m_athletes.get(row).value("name").toString() : QString();
    m_summary = {};
    m_plan.setHistory({});
    emit athleteChanged();
    emit summaryChanged();
    loadSummary();
}

void StationClient::loadSummary()
{
    if (m_athleteId == 0) {
        return;
    }
    const auto id = m_athleteId;
    request("GET", QStringLiteral("/api/v1/athletes/%1/summary").arg(id), {},
            [this, id](const QJsonObject& summary) {
                if (id != m_athleteId) {
                    return;
                }
                m_summary = summary;
                if (m_athleteName.isEmpty()) {
                    m_athleteName = summary.value("athlete").toObject().value("name").toString();
                    emit athleteChanged();
                }
                const auto exercises = summary.value("exercises").toArray();
                m_plan.setHistory(summary);
                m_history.load(exercises, m_exercises);
                m_trendExercises.load(exercises, m_exercises);
                if (!exercises.isEmpty()) {
                    const auto current = m_trend.exercise();
                    selectTrend(current.isEmpty()
                                    ? exercises.first().toObject().value("exercise").toString()
                                    : current);
                }
                emit summaryChanged();
            });
}

void StationClient::selectTrend(const QString& exerciseId)
{
    for (const auto& v : m_summary.value("exercises").toArray()) {
        if (v.toObject().value("exercise").toString() == exerciseId) {
            m_trend.load(v.toObject());
        }
    }
}

void StationClient::startSession()
{
    QVariantMap body;
    if (m_athleteId != 0) {
        body["athlete_id"] = m_athleteId;
    }
    request("POST", QStringLiteral("/api/v1/sessions"), body, [](const QJsonObject&) {});
}

void StationClient::endSession()
{
    if (m_sessionId != 0) {
        request("POST", QStringLiteral("/api/v1/sessions/%1/end").arg(m_sessionId), {},
                [](const QJsonObject&) {});
    }
}

void StationClient::startSet()
{
    request("POST", QStringLiteral("/api/v1/sets"), m_plan.request(),
            [this](const QJsonObject& o) { applyState(o.value("state").toObject()); });
}

void StationClient::endSet()
{
    if (m_setId != 0) {
        request("POST", QStringLiteral("/api/v1/sets/%1/end").arg(m_setId), {},
                [](const QJsonObject&) {});
    }
}

void StationClient::skipRest()
{
    request("POST", QStringLiteral("/api/v1/rest/skip"), {}, [](const QJsonObject&) {});
}

void StationClient::extendRest(int seconds)
{
    request("POST", QStringLiteral("/api/v1/rest/extend"), {{"seconds", seconds}},
            [](const QJsonObject&) {});
}

void StationClient::startCalibration(double massKg, bool confirm)
{
    QVariantMap body{{QStringLiteral("mass_kg"), massKg}};
    if (confirm) {
        body.insert(QStringLiteral("confirm"), true);
    }
    request("POST", QStringLiteral("/api/v1/calibration"), body, [](const QJsonObject&) {});
}

void StationClient::cancelCalibration()
{
    request("DELETE", QStringLiteral("/api/v1/calibration"), {}, [](const QJsonObject&) {});
}

void StationClient::refreshDiagnostics()
{
    request("GET", QStringLiteral("/api/v1/diagnostics"), {}, [this](const QJsonObject& o) {
        m_diagnostics = o.toVariantMap();
        emit diagnosticsChanged();
    });
}

void StationClient::loadSessionReport(qint64 sessionId)
{
    loadReport(sessionId, 0);
}

void StationClient::loadReport(qint64 sessionId, qint64 setId)
{
    if (sessionId == 0) {
        return;
    }
    request("GET", QStringLiteral("/api/v1/sessions/%1").arg(sessionId), {},
            [this, setId](const QJsonObject& session) {
                m_report.loadSession(session, setId);
                if (!m_report.valid()) {
                    return;
                }
                request("GET", QStringLiteral("/api/v1/sets/%1/samples.json").arg(m_report.setId()),
                        {}, [this](const QJsonObject& samples) { m_report.loadSamples(samples); });
            });
}
