#pragma once

#include <QColor>
#include <QPointF>
#include <QPointer>
#include <QQuickItem>
#include <vector>

#include "force_buffer.h"

// The last `windowSeconds` of the live force, drawn by the scene graph. The buffer's `changed()`
// only schedules an update: however many frames arrive between two vsyncs, the trace is rebuilt
// once, from the newest samples, with at most two points per pixel column.
class ForceTrace : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(ForceBuffer* buffer READ buffer WRITE setBuffer NOTIFY bufferChanged)
    Q_PROPERTY(
        double windowSeconds READ windowSeconds WRITE setWindowSeconds NOTIFY windowSecondsChanged)
    Q_PROPERTY(double maxForce READ maxForce WRITE setMaxForce NOTIFY maxForceChanged)
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY colorChanged)
    Q_PROPERTY(double lineWidth READ lineWidth WRITE setLineWidth NOTIFY lineWidthChanged)

public:
    explicit ForceTrace(QQuickItem* parent = nullptr);

    ForceBuffer* buffer() const { return m_buffer; }
    void setBuffer(ForceBuffer* buffer);
    double windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(double seconds);
    double maxForce() const { return m_maxForce; }
    void setMaxForce(double newtons);
    QColor color() const { return m_color; }
    void setColor(const QColor& color);
    double lineWidth() const { return m_lineWidth; }
    void setLineWidth(double width);

    // The polyline for a `size` item: x from the window's start to the newest sample, y from
    // `maxForce` (top) to 0 (bottom), decimated to the min and max of each pixel column.
    static std::vector<QPointF> tracePoints(const ForceBuffer& buffer, QSizeF size,
                                            double windowSeconds, double maxForce);

signals:
    void bufferChanged();
    void windowSecondsChanged();
    void maxForceChanged();
    void colorChanged();
    void lineWidthChanged();

protected:
    QSGNode* updatePaintNode(QSGNode* old, UpdatePaintNodeData* data) override;

private:
    QPointer<ForceBuffer> m_buffer;
    QMetaObject::Connection m_connection;
    double m_windowSeconds = 10;
    double m_maxForce = 100;
    QColor m_color = Qt::white;
    double m_lineWidth = 3;
};
