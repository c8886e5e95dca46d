#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <QtQml/qqmlregistration.h>

#include "record_model.h"

// The athletes of the station (GET /athletes).
class AthleteModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")

public:
    enum Role { IdRole = Qt::UserRole + 1, NameRole, SessionsPerWeekRole };
    Q_ENUM(Role)
    explicit AthleteModel(QObject* parent = nullptr);
    void load(const QJsonArray& athletes);
};

// The exercise catalog with its default prescriptions (GET /exercises).
class ExerciseModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")

public:
    enum Role {
        ExerciseIdRole = Qt::UserRole + 1,
        NameRole,
        ShortNameRole,
        KindRole,
        SidesRole,
        CueRole,
        DefaultsRole,
    };
    Q_ENUM(Role)
    explicit ExerciseModel(QObject* parent = nullptr);
    void load(const QJsonArray& exercises);
    QVariantMap exercise(const QString& id) const;
    Q_INVOKABLE QString shortName(const QString& id) const;
};

// The reps (steps, holds) of one set, in order, with what the bars of the live and summary
// screens draw: the peak as a fraction of the scale and the verdicts.
class RepModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")
    Q_PROPERTY(double scaleMax READ scaleMax NOTIFY scaleMaxChanged)

public:
    enum Role {
        NumberRole = Qt::UserRole + 1,
        PeakForceRole,
        PeakFractionRole,
        InZoneRole,
        GoodRole,
        ConcentricRole,
        HoldRole,
        EccentricRole,
        TutRole,
        CueRole,
        DirectionRole,
    };
    Q_ENUM(Role)
    explicit RepModel(QObject* parent = nullptr);
    // A `rep`/`step`/`hold` message of the live stream, or a rep of GET /sessions/{id}.
    void addRep(const QJsonObject& rep);
    void setReps(const QJsonArray& reps);
    double scaleMax() const { return m_scaleMax; }
    // The force that fills a bar; every row's fraction follows it.
    void setScaleMax(double newtons);

signals:
    void scaleMaxChanged();

private:
    QVariantMap row(const QJsonObject& rep) const;
    double m_scaleMax = 100;
};

// An athlete's sessions as the summary lists them: date, exercises, volume.
class HistoryModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")

public:
    enum Role { SessionIdRole = Qt::UserRole + 1, DateRole, ExercisesRole, VolumeRole, GoodRole };
    Q_ENUM(Role)
    explicit HistoryModel(QObject* parent = nullptr);
    // `exercises` of GET /athletes/{id}/summary; newest session first.
    void load(const QJsonArray& exercises, const ExerciseModel& catalog);
};

// One exercise's trend: peak force and volume per session, and their fractions of the maxima.
class TrendModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")
    Q_PROPERTY(QString exercise READ exercise NOTIFY exerciseChanged)
    Q_PROPERTY(QString unit READ unit NOTIFY exerciseChanged)

public:
    enum Role {
        DateRole = Qt::UserRole + 1,
        PeakForceRole,
        PeakFractionRole,
        VolumeRole,
        VolumeFractionRole,
    };
    Q_ENUM(Role)
    explicit TrendModel(QObject* parent = nullptr);
    void load(const QJsonObject& exerciseSummary);
    QString exercise() const { return m_exercise; }
    QString unit() const { return m_unit; }

signals:
    void exerciseChanged();

private:
    QString m_exercise;
    QString m_unit;
};

// The exercises an athlete has a history of, with their best peak force (the history's tabs).
class TrendExerciseModel : public RecordModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")

public:
    enum Role { ExerciseIdRole = Qt::UserRole + 1, NameRole, BestRole };
    Q_ENUM(Role)
    explicit TrendExerciseModel(QObject* parent = nullptr);
    void load(const QJsonArray& exercises, const ExerciseModel& catalog);
};
