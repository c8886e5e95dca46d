#pragma once

#include <QJsonObject>
#include <QObject>
#include <QVariantMap>

#include <QtQml/qqmlregistration.h>

class ExerciseModel;

// The set being set up: the exercise, side, band and targets. Choosing an exercise fills the
// targets from the athlete's last session of it, else from the catalog's defaults (with a force
// zone of 60-80 % of the athlete's best when there is one); the screen's steppers then edit them.
class SetPlan : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")
    Q_PROPERTY(QString exercise READ exercise NOTIFY changed)
    Q_PROPERTY(QString name MEMBER m_name NOTIFY changed)
    Q_PROPERTY(QString cue MEMBER m_cue NOTIFY changed)
    Q_PROPERTY(QString kind MEMBER m_kind NOTIFY changed)
    Q_PROPERTY(QString sides MEMBER m_sides NOTIFY changed)
    Q_PROPERTY(bool fromHistory MEMBER m_fromHistory NOTIFY changed)
    Q_PROPERTY(QString side MEMBER m_side NOTIFY changed)
    Q_PROPERTY(QString bandColour MEMBER m_bandColour NOTIFY changed)
    Q_PROPERTY(QString bandPosition MEMBER m_bandPosition NOTIFY changed)
    Q_PROPERTY(int reps MEMBER m_reps NOTIFY changed)
    Q_PROPERTY(int sets MEMBER m_sets NOTIFY changed)
    Q_PROPERTY(int restS MEMBER m_restS NOTIFY changed)
    Q_PROPERTY(int holdS MEMBER m_holdS NOTIFY changed)
    Q_PROPERTY(bool hasZone MEMBER m_hasZone NOTIFY changed)
    Q_PROPERTY(int zoneLow MEMBER m_zoneLow NOTIFY changed)
    Q_PROPERTY(int zoneHigh MEMBER m_zoneHigh NOTIFY changed)
    Q_PROPERTY(bool hasTempo MEMBER m_hasTempo NOTIFY changed)
    Q_PROPERTY(double tempoUp MEMBER m_tempoUp NOTIFY changed)
    Q_PROPERTY(double tempoHold MEMBER m_tempoHold NOTIFY changed)
    Q_PROPERTY(double tempoDown MEMBER m_tempoDown NOTIFY changed)
    Q_PROPERTY(QString tempoText READ tempoText NOTIFY changed)

public:
    explicit SetPlan(const ExerciseModel& catalog, QObject* parent = nullptr);

    // `history`: the athlete's summary (GET /athletes/{id}/summary), or empty.
    void setHistory(const QJsonObject& history) { m_history = history; }
    Q_INVOKABLE void select(const QString& exerciseId);
    // The body of POST /sets.
    Q_INVOKABLE QVariantMap request() const;

    QString exercise() const { return m_exercise; }
    QString tempoText() const;

signals:
    void changed();

private:
    const ExerciseModel& m_catalog;
    QJsonObject m_history;
    QString m_exercise, m_name, m_cue, m_kind, m_sides, m_side, m_bandColour, m_bandPosition;
    bool m_fromHistory = false, m_hasZone = false, m_hasTempo = false;
    int m_reps = 10, m_sets = 3, m_restS = 60, m_holdS = 30, m_zoneLow = 0, m_zoneHigh = 0;
    double m_tempoUp = 0, m_tempoHold = 0, m_tempoDown = 0, m_tempoBottom = 0;
};
