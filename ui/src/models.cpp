#include "models.h"

#include <QJsonValue>
#include <algorithm>
#include <map>

namespace {

QVariant numberOrNull(const QJsonValue& v)
{
    return v.isDouble() ? QVariant(v.toDouble()) : QVariant();
}

} // namespace

AthleteModel::AthleteModel(QObject* parent)
    : RecordModel({"athleteId", "name", "sessionsPerWeek"}, parent)
{
}

void AthleteModel::load(const QJsonArray& athletes)
{
    QList<QVariantMap> rows;
    for (const auto& v : athletes) {
        const auto a = v.toObject();
        rows.append({{"athleteId", a.value("id").toInteger()},
                     {"name", a.value("name").toString()},
                     {"sessionsPerWeek", a.value("sessions_per_week").toInt(3)}});
    }
    setRows(std::move(rows));
}

ExerciseModel::ExerciseModel(QObject* parent)
    : RecordModel({"exerciseId", "name", "shortName", "kind", "sides", "cue", "defaults"}, parent)
{
}

void ExerciseModel::load(const QJsonArray& exercises)
{
    QList<QVariantMap> rows;
    for (const auto& v : exercises) {
        const auto e = v.toObject();
        // The catalog's names are full descriptions; a title on the screen is what comes before a
        // parenthesis or " with a band" ("Clamshell with a band above the knees": "Clamshell").
        auto name = e.value("name").toString();
        auto shortName = name.section(QLatin1Char('('), 0, 0).trimmed();
        if (const auto with = shortName.indexOf(QLatin1String(" with a band")); with > 0) {
            shortName.truncate(with);
        }
        rows.append({{"exerciseId", e.value("id").toString()},
                     {"name", name},
                     {"shortName", shortName},
                     {"kind", e.value("kind").toString()},
                     {"sides", e.value("sides").toString()},
                     {"cue", e.value("cue").toString()},
                     {"defaults", e.toVariantMap()}});
    }
    setRows(std::move(rows));
}

QVariantMap ExerciseModel::exercise(const QString& id) const
{
    const int i = indexOf(QStringLiteral("exerciseId"), id);
    return i < 0 ? QVariantMap() : rows().at(i);
}

QString ExerciseModel::shortName(const QString& id) const
{
    const auto e = exercise(id);
    return e.isEmpty() ? id : e.value(QStringLiteral("shortName")).toString();
}

RepModel::RepModel(QObject* parent)
    : RecordModel({"number", "peakForce", "peakFraction", "inZone", "good", "concentric", "hold",
                   "eccentric", "tut", "cue", "direction"},
                  parent)
{
}

QVariantMap RepModel::row(const QJsonObject& rep) const
{
    const double peak = rep.value("peak_force_n").toDouble();
    const auto cues = rep.value("cues").toArray();
    QString cue = cues.isEmpty() ? QString() : cues.first().toString();
    if (cue.isEmpty()) {
        // Stored reps carry the verdicts, not the sentences.
        if (rep.value("too_fast_up").toBool()) {
            cue = QStringLiteral("Too fast up");
        } else if (rep.value("too_fast_down").toBool()) {
            cue = QStringLiteral("Lower slowly");
        } else if (rep.value("hold_too_short").toBool()) {
            cue = QStringLiteral("Hold longer");
        }
    }
    return {{"number", rep.value("index").toInt() + 1},
            {"peakForce", peak},
            {"peakFraction", m_scaleMax > 0 ? std::clamp(peak / m_scaleMax, 0.0, 1.0) : 0.0},
            {"inZone", rep.value("in_zone").toVariant()},
            {"good", rep.value("good").toBool()},
            {"concentric", numberOrNull(rep.value("concentric_s"))},
            {"hold", numberOrNull(rep.value("hold_s"))},
            {"eccentric", numberOrNull(rep.value("eccentric_s"))},
            {"tut", numberOrNull(rep.value("tut_s"))},
            {"cue", cue},
            {"direction", rep.value("direction").toVariant()}};
}

void RepModel::addRep(const QJsonObject& rep)
{
    appendRow(row(rep));
}

void RepModel::setReps(const QJsonArray& reps)
{
    QList<QVariantMap> rows;
    for (const auto& r : reps) {
        rows.append(row(r.toObject()));
    }
    setRows(std::move(rows));
}

void RepModel::setScaleMax(double newtons)
{
    if (!(newtons > 0) || qFuzzyCompare(newtons, m_scaleMax)) {
        return;
    }
    m_scaleMax = newtons;
    auto rows = this->rows();
    for (auto& r : rows) {
        r["peakFraction"] = std::clamp(r.value("peakForce").toDouble() / m_scaleMax, 0.0, 1.0);
    }
    setRows(std::move(rows));
    emit scaleMaxChanged();
}

HistoryModel::HistoryModel(QObject* parent)
    : RecordModel({"sessionId", "date", "exercises", "volume", "good"}, parent)
{
}

void HistoryModel::load(const QJsonArray& exercises, const ExerciseModel& catalog)
{
    struct Session {
        QString date;
        QStringList exercises;
        double volume = 0;
        int good = 0;
    };
    std::map<qint64, Session, std::greater<>> sessions; // newest first
    for (const auto& e : exercises) {
        const auto ex = e.toObject();
        const auto name = catalog.shortName(ex.value("exercise").toString());
        for (const auto& p : ex.value("trend").toArray()) {
            const auto point = p.toObject();
            auto& s = sessions[point.value("session_id").toInteger()];
            s.date = point.value("date").toString();
            s.exercises.append(name);
            s.volume += point.value("volume").toDouble();
            s.good += point.value("good").toInt();
        }
    }
    QList<QVariantMap> rows;
    for (const auto& [id, s] : sessions) {
        rows.append({{"sessionId", id},
                     {"date", s.date},
                     {"exercises", s.exercises.join(QStringLiteral(", "))},
                     {"volume", s.volume},
                     {"good", s.good}});
    }
    setRows(std::move(rows));
}

TrendModel::TrendModel(QObject* parent)
    : RecordModel({"date", "peakForce", "peakFraction", "volume", "volumeFraction"}, parent)
{
}

void TrendModel::load(const QJsonObject& exerciseSummary)
{
    const auto trend = exerciseSummary.value("trend").toArray();
    double maxPeak = 0;
    double maxVolume = 0;
    for (const auto& p : trend) {
        maxPeak = std::max(maxPeak, p.toObject().value("peak_force_n").toDouble());
        maxVolume = std::max(maxVolume, p.toObject().value("volume").toDouble());
    }
    QList<QVariantMap> rows;
    for (const auto& p : trend) {
        const auto point = p.toObject();
        const double peak = point.value("peak_force_n").toDouble();
        const double volume = point.value("volume").toDouble();
        rows.append({{"date", point.value("date").toString().mid(5)}, // "11-18"
                     {"peakForce", peak},
                     {"peakFraction", maxPeak > 0 ? peak / maxPeak : 0.0},
                     {"volume", volume},
                     {"volumeFraction", maxVolume > 0 ? volume / maxVolume : 0.0}});
    }
    setRows(std::move(rows));
    m_exercise = exerciseSummary.value("exercise").toString();
    const auto kind = exerciseSummary.value("kind").toString();
    m_unit = kind == QLatin1String("hold")   ? QStringLiteral("s held")
             : kind == QLatin1String("step") ? QStringLiteral("steps")
                                             : QStringLiteral("reps");
    emit exerciseChanged();
}

TrendExerciseModel::TrendExerciseModel(QObject* parent)
    : RecordModel({"exerciseId", "name", "best"}, parent)
{
}

void TrendExerciseModel::load(const QJsonArray& exercises, const ExerciseModel& catalog)
{
    QList<QVariantMap> rows;
    for (const auto& v : exercises) {
        const auto e = v.toObject();
        const auto id = e.value("exercise").toString();
        rows.append({{"exerciseId", id},
                     {"name", catalog.shortName(id)},
                     {"best", e.value("best_peak_force_n").toVariant()}});
    }
    setRows(std::move(rows));
}
