#include "set_report.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

SessionSetModel::SessionSetModel(QObject* parent)
    : RecordModel({"setId", "exercise", "side", "reps", "good", "meanPeak", "tut"}, parent)
{
}

void SessionSetModel::load(const QJsonArray& sets, const ExerciseModel& catalog)
{
    QList<QVariantMap> rows;
    for (const auto& v : sets) {
        const auto set = v.toObject();
        const auto result = set.value("result").toObject();
        rows.append({{"setId", set.value("id").toInteger()},
                     {"exercise", catalog.shortName(set.value("exercise").toString())},
                     {"side", set.value("side").toString()},
                     {"reps", result.value("reps").toInt()},
                     {"good", result.value("good_reps").toInt()},
                     {"meanPeak", result.value("mean_peak_force_n").toDouble()},
                     {"tut", result.value("total_tut_s").toDouble()}});
    }
    setRows(std::move(rows));
}

SetReport::SetReport(const ExerciseModel& catalog, QObject* parent)
    : QObject(parent), m_catalog(catalog)
{
}

void SetReport::clear()
{
    m_setId = 0;
    m_repModel.clear();
    m_sets.clear();
    m_curves.clear();
    m_repTimes = {};
    emit changed();
    emit curvesChanged();
}

void SetReport::loadSession(const QJsonObject& session, qint64 setId)
{
    const auto sets = session.value("sets").toArray();
    QJsonObject set;
    for (const auto& v : sets) {
        const auto s = v.toObject();
        const bool hasReps = !s.value("reps").toArray().isEmpty();
        if ((setId != 0 && s.value("id").toInteger() == setId) || (setId == 0 && hasReps)) {
            set = s;
        }
    }
    m_sets.load(sets, m_catalog);
    m_sessionSets = 0;
    m_sessionReps = 0;
    m_sessionGood = 0;
    m_sessionTutS = 0;
    for (const auto& v : sets) {
        const auto result = v.toObject().value("result").toObject();
        m_sessionSets += result.value("reps").toInt() > 0 ? 1 : 0;
        m_sessionReps += result.value("reps").toInt();
        m_sessionGood += result.value("good_reps").toInt();
        m_sessionTutS += result.value("total_tut_s").toDouble();
    }
    if (set.isEmpty()) {
        m_setId = 0;
        emit changed();
        return;
    }

    const auto targets = set.value("targets").toObject();
    const auto result = set.value("result").toObject();
    const auto reps = set.value("reps").toArray();
    const QString exerciseId = set.value("exercise").toString();
    m_setId = set.value("id").toInteger();
    m_exercise = m_catalog.shortName(exerciseId);
    m_side = set.value("side").toString();
    m_kind =
        reps.isEmpty() ? QStringLiteral("rep") : reps.first().toObject().value("kind").toString();
    m_reps = result.value("reps").toInt();
    m_goodReps = result.value("good_reps").toInt();
    m_targetReps = targets.value("reps").toInt();
    const auto zone = targets.value("zone_n").toArray();
    m_zoneLow = zone.size() == 2 ? zone.at(0).toDouble() : 0;
    m_zoneHigh = zone.size() == 2 ? zone.at(1).toDouble() : 0;
    m_meanPeak = result.value("mean_peak_force_n").toDouble();
    m_tutS = result.value("total_tut_s").toDouble();

    double maxPeak = 0;
    int tempoOk = 0;
    for (const auto& r : reps) {
        const auto rep = r.toObject();
        maxPeak = std::max(maxPeak, rep.value("peak_force_n").toDouble());
        tempoOk += rep.value("too_fast_up").toBool() || rep.value("too_fast_down").toBool() ||
                           rep.value("hold_too_short").toBool()
                       ? 0
                       : 1;
    }
    const bool tempo = targets.value("tempo_s").isArray() && !reps.isEmpty();
    m_tempoAdherence =
        tempo ? static_cast<int>(std::lround(100.0 * tempoOk / static_cast<double>(reps.size())))
              : -1;
    // The scale leaves room above the zone and the highest rep, in round 10 N steps.
    m_scaleMax = std::max({50.0, m_zoneHigh * 1.2, maxPeak * 1.1});
    m_scaleMax = std::ceil(m_scaleMax / 10.0) * 10.0;
    m_repModel.setScaleMax(m_scaleMax);
    m_repModel.setReps(reps);
    m_repTimes = reps;

    // Limb symmetry index (EXERCISES.md): 100 × weaker / stronger mean peak, left vs right sets
    // of this exercise in this session.
    double sum[2] = {0, 0};
    int count[2] = {0, 0};
    for (const auto& v : sets) {
        const auto s = v.toObject();
        const auto r = s.value("result").toObject();
        if (s.value("exercise").toString() != exerciseId || r.value("reps").toInt() == 0) {
            continue;
        }
        const auto side = s.value("side").toString();
        const int i = side == QLatin1String("left") ? 0 : side == QLatin1String("right") ? 1 : -1;
        if (i >= 0) {
            sum[i] += r.value("mean_peak_force_n").toDouble();
            ++count[i];
        }
    }
    if (count[0] > 0 && count[1] > 0) {
        const double left = sum[0] / count[0];
        const double right = sum[1] / count[1];
        m_symmetry =
            static_cast<int>(std::lround(100.0 * std::min(left, right) / std::max(left, right)));
        m_weakerSide = left < right ? QStringLiteral("left") : QStringLiteral("right");
    } else {
        m_symmetry = -1;
        m_weakerSide.clear();
    }
    m_curves.clear();
    emit changed();
    emit curvesChanged();
}

void SetReport::loadSamples(const QJsonObject& samples)
{
    if (samples.value("set_id").toInteger() != m_setId) {
        return; // an answer for a set the report has moved on from
    }
    const auto rows = samples.value("samples").toArray();
    m_curves.clear();
    std::size_t from = 0;
    for (const auto& r : m_repTimes) {
        const auto rep = r.toObject();
        const double start = rep.value("start_s").toDouble();
        const double end = rep.value("end_s").toDouble();
        if (!(end > start)) {
            continue;
        }
        Curve curve;
        curve.good = rep.value("good").toBool();
        for (auto i = from; i < static_cast<std::size_t>(rows.size()); ++i) {
            const auto sample = rows.at(static_cast<qsizetype>(i)).toArray();
            const double t = sample.at(0).toDouble();
            if (t < start) {
                from = i + 1;
                continue;
            }
            if (t > end) {
                break;
            }
            const auto force = sample.at(1);
            curve.points.append(QPointF((t - start) / (end - start),
                                        force.isDouble() ? force.toDouble() : std::nan("")));
        }
        if (curve.points.size() > 1) {
            m_curves.push_back(std::move(curve));
        }
    }
    emit curvesChanged();
}
