#include "set_plan.h"

#include <QJsonArray>
#include <cmath>

#include "models.h"

SetPlan::SetPlan(const ExerciseModel& catalog, QObject* parent)
    : QObject(parent), m_catalog(catalog)
{
}

void SetPlan::select(const QString& exerciseId)
{
    const auto exercise = m_catalog.exercise(exerciseId);
    if (exercise.isEmpty()) {
        return;
    }
    const auto defaults = QJsonObject::fromVariantMap(exercise.value("defaults").toMap());
    m_exercise = exerciseId;
    m_name = exercise.value("shortName").toString();
    m_cue = exercise.value("cue").toString();
    m_kind = exercise.value("kind").toString();
    m_sides = exercise.value("sides").toString();

    QJsonObject last;
    double best = 0;
    for (const auto& v : m_history.value("exercises").toArray()) {
        const auto e = v.toObject();
        if (e.value("exercise").toString() == exerciseId) {
            last = e.value("last").toObject();
            best = e.value("best_peak_force_n").toDouble();
        }
    }
    m_fromHistory = !last.isEmpty();
    const auto& source = m_fromHistory ? last : defaults;
    auto number = [&](const char* key, double fallback) {
        const auto v = source.value(QLatin1String(key));
        if (v.isDouble()) {
            return v.toDouble();
        }
        const auto d = defaults.value(QLatin1String(key));
        return d.isDouble() ? d.toDouble() : fallback;
    };
    m_side = m_fromHistory ? last.value("side").toString() : QString();
    m_bandColour = m_fromHistory ? last.value("band_colour").toString() : QString();
    m_bandPosition = m_fromHistory ? last.value("band_position").toString() : QString();
    m_reps = static_cast<int>(std::lround(number("reps", 10)));
    m_sets = static_cast<int>(std::lround(number("sets", 3)));
    m_restS = static_cast<int>(std::lround(number("rest_s", 60)));
    m_holdS = static_cast<int>(std::lround(number("hold_s", 30)));
    const auto zone = source.value("zone").toObject();
    if (!zone.isEmpty()) {
        m_hasZone = true;
        m_zoneLow = static_cast<int>(std::lround(zone.value("low_n").toDouble()));
        m_zoneHigh = static_cast<int>(std::lround(zone.value("high_n").toDouble()));
    } else if (best > 0) {
        m_hasZone = true;
        m_zoneLow = static_cast<int>(std::lround(best * 0.6));
        m_zoneHigh = static_cast<int>(std::lround(best * 0.8));
    } else {
        m_hasZone = false;
        m_zoneLow = 0;
        m_zoneHigh = 0;
    }
    const auto tempo = source.value("tempo").isObject() ? source.value("tempo").toObject()
                                                        : defaults.value("tempo").toObject();
    m_hasTempo = !tempo.isEmpty() && m_kind == QLatin1String("rep");
    m_tempoUp = tempo.value("up_s").toDouble();
    m_tempoHold = tempo.value("hold_s").toDouble();
    m_tempoDown = tempo.value("down_s").toDouble();
    m_tempoBottom = tempo.value("bottom_pause_s").toDouble();
    emit changed();
}

QString SetPlan::tempoText() const
{
    if (!m_hasTempo) {
        return {};
    }
    return QStringLiteral("%1-%2-%3")
        .arg(QString::number(m_tempoUp), QString::number(m_tempoHold),
             QString::number(m_tempoDown));
}

QVariantMap SetPlan::request() const
{
    QVariantMap r{
        {"exercise", m_exercise},          {"side", m_side}, {"band_colour", m_bandColour},
        {"band_position", m_bandPosition}, {"sets", m_sets}, {"rest_s", m_restS}};
    if (m_kind == QLatin1String("hold")) {
        r["hold_s"] = m_holdS;
    } else {
        r["reps"] = m_reps;
    }
    if (m_hasZone && m_zoneHigh > m_zoneLow) {
        r["zone"] = QVariantMap{{"low_n", m_zoneLow}, {"high_n", m_zoneHigh}};
    }
    if (m_hasTempo) {
        r["tempo"] = QVariantMap{{"up_s", m_tempoUp},
                                 {"hold_s", m_tempoHold},
                                 {"down_s", m_tempoDown},
                                 {"bottom_pause_s", m_tempoBottom}};
    }
    return r;
}
