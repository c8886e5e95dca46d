#pragma once

#include <QColor>
#include <QPointer>
#include <QQuickItem>

#include "set_report.h"

// The reps of a set drawn on top of each other, each stretched to the item's width: a glance
// shows whether they had the same shape. Good reps in `goodColor`, the others in `otherColor`.
class CurveOverlay : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(SetReport* report READ report WRITE setReport NOTIFY reportChanged)
    Q_PROPERTY(QColor goodColor MEMBER m_goodColor NOTIFY reportChanged)
    Q_PROPERTY(QColor otherColor MEMBER m_otherColor NOTIFY reportChanged)

public:
    explicit CurveOverlay(QQuickItem* parent = nullptr);
    SetReport* report() const { return m_report; }
    void setReport(SetReport* report);

signals:
    void reportChanged();

protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) override;

private:
    QPointer<SetReport> m_report;
    QColor m_goodColor{0x4c, 0xd9, 0x64, 0xc0};
    QColor m_otherColor{0xff, 0xb3, 0x00, 0xc0};
};
