#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPolygonF>
#include <vector>

#include <QtQml/qqmlregistration.h>

#include "models.h"

// The sets of a session in the summary's table.
class SessionSetModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the set report")

public:
    enum Role {
        SetIdRole = Qt::UserRole + 1,
        ExerciseRole,
        SideRole,
        RepsRole,
        GoodRole,
        MeanPeakRole,
        TutRole,
    };
    Q_ENUM(Role)
    explicit SessionSetModel(QObject* parent = nullptr);
    void load(const QJsonArray& sets, const ExerciseModel& catalog);
};

// What the set and session summaries show, from the daemon's stored session (GET /sessions/{id})
// and the set's samples (GET /sets/{id}/samples.json): per-rep bars against the zone, tempo
// adherence, time under tension, the reps' force curves overlaid, and left/right symmetry.
class SetReport : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")
    Q_PROPERTY(bool valid READ valid NOTIFY changed)
    Q_PROPERTY(qint64 setId READ setId NOTIFY changed)
    Q_PROPERTY(QString exercise READ exercise NOTIFY changed)
    Q_PROPERTY(QString side READ side NOTIFY changed)
    Q_PROPERTY(QString kind READ kind NOTIFY changed)
    Q_PROPERTY(int reps READ reps NOTIFY changed)
    Q_PROPERTY(int goodReps READ goodReps NOTIFY changed)
    Q_PROPERTY(int targetReps READ targetReps NOTIFY changed)
    Q_PROPERTY(bool hasZone READ hasZone NOTIFY changed)
    Q_PROPERTY(double zoneLow READ zoneLow NOTIFY changed)
    Q_PROPERTY(double zoneHigh READ zoneHigh NOTIFY changed)
    Q_PROPERTY(double zoneLowFraction READ zoneLowFraction NOTIFY changed)
    Q_PROPERTY(double zoneHighFraction READ zoneHighFraction NOTIFY changed)
    Q_PROPERTY(double scaleMax READ scaleMax NOTIFY changed)
    Q_PROPERTY(double meanPeak READ meanPeak NOTIFY changed)
    Q_PROPERTY(double tutS READ tutS NOTIFY changed)
    Q_PROPERTY(int tempoAdherence READ tempoAdherence NOTIFY changed)
    Q_PROPERTY(int symmetry READ symmetry NOTIFY changed)
    Q_PROPERTY(QString weakerSide READ weakerSide NOTIFY changed)
    Q_PROPERTY(int sessionSets READ sessionSetCount NOTIFY changed)
    Q_PROPERTY(int sessionReps READ sessionReps NOTIFY changed)
    Q_PROPERTY(int sessionGood READ sessionGood NOTIFY changed)
    Q_PROPERTY(double sessionTutS READ sessionTutS NOTIFY changed)
    Q_PROPERTY(int curveCount READ curveCount NOTIFY curvesChanged)
    Q_PROPERTY(RepModel* repModel READ repModel CONSTANT)
    Q_PROPERTY(SessionSetModel* sets READ sets CONSTANT)

public:
    struct Curve {
        QPolygonF points; // x: 0..1 of the rep's duration, y: newtons
        bool good = false;
    };

    explicit SetReport(const ExerciseModel& catalog, QObject* parent = nullptr);

    // The session's detail; the report is about `setId` (0: the session's last set with reps).
    void loadSession(const QJsonObject& session, qint64 setId);
    // The set's samples ({set_id, samples: [[t_s, force_n, counts, flags], …]}).
    void loadSamples(const QJsonObject& samples);
    void clear();

    bool valid() const { return m_setId != 0; }
    qint64 setId() const { return m_setId; }
    QString exercise() const { return m_exercise; }
    QString side() const { return m_side; }
    QString kind() const { return m_kind; }
    int reps() const { return m_reps; }
    int goodReps() const { return m_goodReps; }
    int targetReps() const { return m_targetReps; }
    bool hasZone() const { return m_zoneHigh > m_zoneLow; }
    double zoneLow() const { return m_zoneLow; }
    double zoneHigh() const { return m_zoneHigh; }
    double zoneLowFraction() const { return m_zoneLow / m_scaleMax; }
    double zoneHighFraction() const { return m_zoneHigh / m_scaleMax; }
    double scaleMax() const { return m_scaleMax; }
    double meanPeak() const { return m_meanPeak; }
    double tutS() const { return m_tutS; }
    int tempoAdherence() const { return m_tempoAdherence; } // %, -1: no tempo judged
    int symmetry() const { return m_symmetry; }             // %, -1: not a two-sided exercise
    QString weakerSide() const { return m_weakerSide; }
    int sessionSetCount() const { return m_sessionSets; }
    int sessionReps() const { return m_sessionReps; }
    int sessionGood() const { return m_sessionGood; }
    double sessionTutS() const { return m_sessionTutS; }
    int curveCount() const { return static_cast<int>(m_curves.size()); }
    const std::vector<Curve>& curves() const { return m_curves; }
    RepModel* repModel() { return &m_repModel; }
    SessionSetModel* sets() { return &m_sets; }

signals:
    void changed();
    void curvesChanged();

private:
    const ExerciseModel& m_catalog;
    RepModel m_repModel;
    SessionSetModel m_sets;
    QJsonArray m_repTimes; // the reps of the set, for cutting the samples into curves
    std::vector<Curve> m_curves;
    qint64 m_setId = 0;
    QString m_exercise, m_side, m_kind, m_weakerSide;
    int m_reps = 0, m_goodReps = 0, m_targetReps = 0, m_tempoAdherence = -1, m_symmetry = -1;
    int m_sessionSets = 0, m_sessionReps = 0, m_sessionGood = 0;
    double m_zoneLow = 0, m_zoneHigh = 0, m_scaleMax = 100, m_meanPeak = 0, m_tutS = 0;
    double m_sessionTutS = 0;
};
