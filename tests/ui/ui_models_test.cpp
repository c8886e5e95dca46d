// The touchscreen's models and helpers, without a daemon: each model checked by
// QAbstractItemModelTester while it is filled from the daemon's JSON, the set report's measures,
// the set plan's prefill, the trace's decimation, and the launch options.
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

#include "force_trace.h"
#include "launch_options.h"
#include "models.h"
#include "set_plan.h"
#include "set_report.h"

namespace {

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(text).object();
}

const char* kCatalog = R"j({"exercises":[
 {"id":"clamshell","name":"Clamshell with a band above the knees","kind":"rep","sides":"left_right",
  "sets":3,"reps":15,"hold_s":0,"rest_s":45,"cue":"slow, no rocking",
  "tempo":{"up_s":1,"hold_s":1,"down_s":2,"bottom_pause_s":0}},
 {"id":"crab_walk","name":"Lateral band walk / crab walk (band around the shins)","kind":"step",
  "sides":"directions","sets":2,"reps":15,"hold_s":0,"rest_s":60,"cue":"keep tension","tempo":null}]})j";

// A session with a left and a right clamshell set; the right one has two reps with samples.
const char* kSession = R"j({"id":3,"sets":[
 {"id":7,"exercise":"clamshell","side":"left","targets":{"reps":2,"zone_n":[40,60],"tempo_s":[1,1,2]},
  "result":{"reps":2,"good_reps":2,"mean_peak_force_n":50,"total_tut_s":6},
  "reps":[{"index":0,"kind":"rep","start_s":1,"end_s":3,"peak_force_n":50,"good":true},
          {"index":1,"kind":"rep","start_s":4,"end_s":6,"peak_force_n":50,"good":true}]},
 {"id":8,"exercise":"clamshell","side":"right","targets":{"reps":2,"zone_n":[40,60],"tempo_s":[1,1,2]},
  "result":{"reps":2,"good_reps":1,"mean_peak_force_n":45,"total_tut_s":5.5},
  "reps":[{"index":0,"kind":"rep","start_s":1,"end_s":3,"peak_force_n":48,"in_zone":true,"good":true},
          {"index":1,"kind":"rep","start_s":4,"end_s":6,"peak_force_n":42,"in_zone":true,
           "too_fast_down":true,"good":false}]}]})j";

} // namespace

class ModelsTest : public QObject {
    Q_OBJECT

private slots:
    void athletesAndExercises()
    {
        AthleteModel athletes;
        QAbstractItemModelTester tester(&athletes,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(&athletes, &RecordModel::countChanged);
        athletes.load(
            json(R"j({"a":[{"id":1,"name":"Ana","sessions_per_week":2},{"id":2,"name":"Bo"}]})j")
                .value("a")
                .toArray());
        QCOMPARE(athletes.rowCount(), 2);
        QCOMPARE(count.count(), 1);
        QCOMPARE(athletes.data(athletes.index(0), AthleteModel::NameRole).toString(),
                 QStringLiteral("Ana"));
        QCOMPARE(athletes.data(athletes.index(0), AthleteModel::SessionsPerWeekRole).toInt(), 2);
        QCOMPARE(athletes.data(athletes.index(1), AthleteModel::SessionsPerWeekRole).toInt(), 3);
        QCOMPARE(athletes.indexOf(QStringLiteral("athleteId"), 2), 1);
        QCOMPARE(athletes.roleNames().value(AthleteModel::NameRole), QByteArray("name"));

        ExerciseModel exercises;
        QAbstractItemModelTester tester2(&exercises,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        exercises.load(json(kCatalog).value("exercises").toArray());
        QCOMPARE(exercises.shortName(QStringLiteral("crab_walk")),
                 QStringLiteral("Lateral band walk / crab walk"));
        QCOMPARE(exercises.shortName(QStringLiteral("clamshell")), QStringLiteral("Clamshell"));
        QCOMPARE(exercises.shortName(QStringLiteral("unknown")), QStringLiteral("unknown"));
    }

    void repsFollowTheScale()
    {
        RepModel reps;
        QAbstractItemModelTester tester(&reps,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        reps.addRep(json(R"j({"type":"rep","index":0,"peak_force_n":50,"good":true,"cues":[]})j"));
        reps.addRep(json(
            R"j({"type":"rep","index":1,"peak_force_n":80,"good":false,"cues":["Lower slowly"]})j"));
        QCOMPARE(reps.rowCount(), 2);
        QCOMPARE(reps.data(reps.index(1), RepModel::NumberRole).toInt(), 2);
        QCOMPARE(reps.data(reps.index(0), RepModel::PeakFractionRole).toDouble(), 0.5);
        QCOMPARE(reps.data(reps.index(1), RepModel::CueRole).toString(),
                 QStringLiteral("Lower slowly"));
        reps.setScaleMax(200);
        QCOMPARE(reps.data(reps.index(0), RepModel::PeakFractionRole).toDouble(), 0.25);
        reps.setScaleMax(40); // a peak above the scale fills the bar, no more
        QCOMPARE(reps.data(reps.index(1), RepModel::PeakFractionRole).toDouble(), 1.0);
    }

    void historyAndTrend()
    {
        ExerciseModel catalog;
        catalog.load(json(kCatalog).value("exercises").toArray());
        const auto summary = json(R"j({"exercises":[
          {"exercise":"clamshell","kind":"rep","trend":[
            {"session_id":1,"date":"2026-11-10","peak_force_n":40,"volume":30,"good":25},
            {"session_id":2,"date":"2026-11-12","peak_force_n":50,"volume":20,"good":20}]},
          {"exercise":"crab_walk","kind":"step","trend":[
            {"session_id":2,"date":"2026-11-12","peak_force_n":30,"volume":60,"good":55}]}]})j");
        HistoryModel history;
        QAbstractItemModelTester tester(&history,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.load(summary.value("exercises").toArray(), catalog);
        QCOMPARE(history.rowCount(), 2);
        QCOMPARE(history.data(history.index(0), HistoryModel::SessionIdRole).toLongLong(), 2);
        QCOMPARE(history.data(history.index(0), HistoryModel::VolumeRole).toDouble(), 80.0);
        QCOMPARE(history.data(history.index(0), HistoryModel::GoodRole).toInt(), 75);
        QVERIFY(history.data(history.index(0), HistoryModel::ExercisesRole)
                    .toString()
                    .contains("crab walk"));

        TrendModel trend;
        QAbstractItemModelTester tester2(&trend,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
        trend.load(summary.value("exercises").toArray().at(0).toObject());
        QCOMPARE(trend.rowCount(), 2);
        QCOMPARE(trend.data(trend.index(0), TrendModel::PeakFractionRole).toDouble(), 0.8);
        QCOMPARE(trend.data(trend.index(0), TrendModel::VolumeFractionRole).toDouble(), 1.0);
        QCOMPARE(trend.data(trend.index(1), TrendModel::DateRole).toString(),
                 QStringLiteral("11-12"));
        QCOMPARE(trend.unit(), QStringLiteral("reps"));
    }

    void setReport()
    {
        ExerciseModel catalog;
        catalog.load(json(kCatalog).value("exercises").toArray());
        SetReport report(catalog);
        QAbstractItemModelTester tester(report.repModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        report.loadSession(json(kSession), 8);
        QVERIFY(report.valid());
        QCOMPARE(report.side(), QStringLiteral("right"));
        QCOMPARE(report.reps(), 2);
        QCOMPARE(report.goodReps(), 1);
        QCOMPARE(report.tempoAdherence(), 50);
        QCOMPARE(report.symmetry(), 90); // 45 / 50
        QCOMPARE(report.weakerSide(), QStringLiteral("right"));
        QCOMPARE(report.scaleMax(), 80.0); // 60 × 1.2 = 72, rounded up to 10 N
        QCOMPARE(report.zoneHighFraction(), 0.75);
        QCOMPARE(report.sessionReps(), 4);
        QCOMPARE(report.sets()->rowCount(), 2);
        QCOMPARE(report.repModel()->rowCount(), 2);

        // Samples of another set are ignored; this set's are cut into one curve per rep.
        QJsonArray samples;
        for (int i = 0; i <= 70; ++i) {
            const double t = i * 0.1;
            samples.append(QJsonArray{t, 30 + 10 * std::sin(t), 0, 0});
        }
        report.loadSamples(QJsonObject{{"set_id", 7}, {"samples", samples}});
        QCOMPARE(report.curveCount(), 0);
        QSignalSpy curves(&report, &SetReport::curvesChanged);
        report.loadSamples(QJsonObject{{"set_id", 8}, {"samples", samples}});
        QCOMPARE(curves.count(), 1);
        QCOMPARE(report.curveCount(), 2);
        const auto& first = report.curves().front();
        QCOMPARE(first.points.size(), 21); // 1.0 … 3.0 s
        QCOMPARE(first.points.front().x(), 0.0);
        QVERIFY(std::abs(first.points.back().x() - 1.0) < 1e-9);
        QVERIFY(first.good);
        QVERIFY(!report.curves().back().good);

        // Without a set id: the session's last set with reps.
        report.loadSession(json(kSession), 0);
        QCOMPARE(report.setId(), 8);
    }

    void setPlanPrefill()
    {
        ExerciseModel catalog;
        catalog.load(json(kCatalog).value("exercises").toArray());
        SetPlan plan(catalog);
        plan.select(QStringLiteral("clamshell"));
        QCOMPARE(plan.property("reps").toInt(), 15);
        QCOMPARE(plan.property("fromHistory").toBool(), false);
        QCOMPARE(plan.property("hasZone").toBool(), false);
        QCOMPARE(plan.tempoText(), QStringLiteral("1-1-2"));

        plan.setHistory(json(R"j({"exercises":[{"exercise":"clamshell","best_peak_force_n":70,
           "last":{"side":"","band_colour":"green","band_position":"knees","sets":2,"reps":12,
                   "rest_s":30,"zone":null,"tempo":{"up_s":2,"hold_s":1,"down_s":2,"bottom_pause_s":0}}}]})j"));
        plan.select(QStringLiteral("clamshell"));
        QCOMPARE(plan.property("fromHistory").toBool(), true);
        QCOMPARE(plan.property("reps").toInt(), 12);
        QCOMPARE(plan.property("sets").toInt(), 2);
        QCOMPARE(plan.property("bandColour").toString(), QStringLiteral("green"));
        // No zone last time, but a best: 60-80 % of it.
        QCOMPARE(plan.property("zoneLow").toInt(), 42);
        QCOMPARE(plan.property("zoneHigh").toInt(), 56);
        const auto request = plan.request();
        QCOMPARE(request.value("reps").toInt(), 12);
        QCOMPARE(request.value("zone").toMap().value("high_n").toInt(), 56);
        QCOMPARE(request.value("tempo").toMap().value("up_s").toDouble(), 2.0);
        QVERIFY(!request.contains("hold_s"));

        plan.select(QStringLiteral("crab_walk"));
        QCOMPARE(plan.property("hasTempo").toBool(), false);
        QVERIFY(!plan.request().contains("tempo"));
    }

    void traceDecimatesAndBreaksAtGaps()
    {
        ForceBuffer buffer(100000);
        // 20 s at 1000 samples/s; the window holds the last 10 s.
        for (int i = 0; i < 20000; ++i) {
            buffer.append(std::int64_t{i} * 1000000, i == 15000 ? std::nan("") : 50.0 + (i % 2));
        }
        const auto points = ForceTrace::tracePoints(buffer, QSizeF(400, 200), 10, 100);
        QVERIFY2(points.size() <= 2 * 401 + 2, qPrintable(QString::number(points.size())));
        QVERIFY(points.size() >= 400);
        int gaps = 0;
        for (const auto& p : points) {
            if (std::isnan(p.y())) {
                ++gaps;
            } else {
                QVERIFY(p.x() >= 0 && p.x() <= 400.5);
                QVERIFY(p.y() >= 98 && p.y() <= 100.1); // 49-51 N on a 100 N scale
            }
        }
        QCOMPARE(gaps, 1);
        QVERIFY(ForceTrace::tracePoints(ForceBuffer(), QSizeF(400, 200), 10, 100).empty());
    }

    void bufferRingKeepsTheNewest()
    {
        ForceBuffer buffer(3);
        for (int i = 0; i < 5; ++i) {
            buffer.append(i * 1000000000LL, i);
        }
        QCOMPARE(buffer.size(), std::size_t{3});
        QCOMPARE(buffer.at(0).force, 2.0);
        QCOMPARE(buffer.latest().t, 4.0);
    }

    void launchOptions()
    {
        QTemporaryDir dir;
        const auto file = dir.filePath("t");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("bst_abc\n");
        f.close();
        QProcessEnvironment env;
        auto o = resolveLaunchOptions({"ui", "--token-file", file}, env, dir.filePath("none"));
        QCOMPARE(o.token, QStringLiteral("bst_abc"));
        QCOMPARE(o.url, QUrl("http://127.0.0.1:7420"));
        QVERIFY(o.error.isEmpty());

        env.insert("BANDSTATION_URL", "http://10.0.0.5:7420");
        env.insert("BANDSTATION_TOKEN", "bst_env");
        o = resolveLaunchOptions({"ui"}, env, dir.filePath("none"));
        QCOMPARE(o.token, QStringLiteral("bst_env"));
        QCOMPARE(o.url.host(), QStringLiteral("10.0.0.5"));
        o = resolveLaunchOptions({"ui", "--url", "https://station:8443"}, env,
                                 dir.filePath("none"));
        QCOMPARE(o.url.port(), 8443);

        // The installed station's file, then nothing at all: the error says what to do.
        QProcessEnvironment empty;
        o = resolveLaunchOptions({"ui"}, empty, file);
        QCOMPARE(o.token, QStringLiteral("bst_abc"));
        o = resolveLaunchOptions({"ui"}, empty, dir.filePath("none"));
        QVERIFY(o.token.isEmpty());
        QVERIFY(o.error.contains("bandstation token create"));
        o = resolveLaunchOptions({"ui", "--token-file", dir.filePath("missing")}, empty);
        QVERIFY(o.error.contains(dir.filePath("missing")));
        o = resolveLaunchOptions({"ui", "--url", "ftp://x"}, empty);
        QVERIFY(o.error.contains("ftp://x"));
        o = resolveLaunchOptions({"ui", "--bogus"}, empty);
        QVERIFY(o.error.contains("bogus"));
    }
};

QTEST_MAIN(ModelsTest)
#include "ui_models_test.moc"
