#include "force_trace.h"

#include <QSGGeometryNode>
#include <algorithm>
#include <cmath>
#include <limits>

#include "plot_geometry.h"

ForceTrace::ForceTrace(QQuickItem* parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
}

void ForceTrace::setBuffer(ForceBuffer* buffer)
{
    if (m_buffer == buffer) {
        return;
    }
    disconnect(m_connection);
    m_buffer = buffer;
    if (buffer != nullptr) {
        m_connection = connect(buffer, &ForceBuffer::changed, this, &QQuickItem::update);
    }
    update();
    emit bufferChanged();
}

void ForceTrace::setWindowSeconds(double seconds)
{
    if (seconds > 0 && !qFuzzyCompare(seconds, m_windowSeconds)) {
        m_windowSeconds = seconds;
        update();
        emit windowSecondsChanged();
    }
}

void ForceTrace::setMaxForce(double newtons)
{
    if (newtons > 0 && !qFuzzyCompare(newtons, m_maxForce)) {
        m_maxForce = newtons;
        update();
        emit maxForceChanged();
    }
}

void ForceTrace::setColor(const QColor& color)
{
    if (color != m_color) {
        m_color = color;
        update();
        emit colorChanged();
    }
}

void ForceTrace::setLineWidth(double width)
{
    if (width > 0 && !qFuzzyCompare(width, m_lineWidth)) {
        m_lineWidth = width;
        update();
        emit lineWidthChanged();
    }
}

std::vector<QPointF> ForceTrace::tracePoints(const ForceBuffer& buffer, QSizeF size,
                                             double windowSeconds, double maxForce)
{
    std::vector<QPointF> points;
    if (buffer.empty() || size.width() < 1 || size.height() < 1 || windowSeconds <= 0 ||
        maxForce <= 0) {
        return points;
    }
    const double end = buffer.latest().t;
    const double start = end - windowSeconds;
    const double xPerSecond = size.width() / windowSeconds;
    auto y = [&](double force) {
        return size.height() * (1.0 - std::clamp(force / maxForce, 0.0, 1.0));
    };
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    // Binary search for the first sample in the window (times only grow).
    std::size_t lo = 0;
    std::size_t hi = buffer.size();
    while (lo < hi) {
        const auto mid = (lo + hi) / 2;
        if (buffer.at(mid).t < start) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    points.reserve(
        std::min<std::size_t>(buffer.size() - lo, 2 * static_cast<std::size_t>(size.width()) + 2));
    long column = std::numeric_limits<long>::min();
    double minF = 0;
    double maxF = 0;
    std::size_t minAt = 0;
    std::size_t maxAt = 0;
    auto flush = [&] {
        if (column == std::numeric_limits<long>::min()) {
            return;
        }
        const double x = static_cast<double>(column);
        if (minAt == maxAt) {
            points.emplace_back(x, y(minF));
        } else if (minAt < maxAt) {
            points.emplace_back(x, y(minF));
            points.emplace_back(x + 0.5, y(maxF));
        } else {
            points.emplace_back(x, y(maxF));
            points.emplace_back(x + 0.5, y(minF));
        }
        column = std::numeric_limits<long>::min();
    };
    for (std::size_t i = lo; i < buffer.size(); ++i) {
        const auto& p = buffer.at(i);
        if (std::isnan(p.force)) {
            flush();
            if (!points.empty() && !std::isnan(points.back().y())) {
                points.emplace_back(points.back().x(), kNaN); // the line breaks here
            }
            continue;
        }
        const long c = std::lround(std::floor((p.t - start) * xPerSecond));
        if (c != column) {
            flush();
            column = c;
            minF = maxF = p.force;
            minAt = maxAt = i;
        } else if (p.force < minF) {
            minF = p.force;
            minAt = i;
        } else if (p.force > maxF) {
            maxF = p.force;
            maxAt = i;
        }
    }
    flush();
    return points;
}

QSGNode* ForceTrace::updatePaintNode(QSGNode* old, UpdatePaintNodeData*)
{
    std::vector<QSGGeometry::Point2D> vertices;
    if (const ForceBuffer* buffer = m_buffer.data(); buffer != nullptr) {
        const auto points = tracePoints(*buffer, size(), m_windowSeconds, m_maxForce);
        appendPolyline(vertices, points, static_cast<float>(m_lineWidth));
    }
    return trianglesNode(static_cast<QSGGeometryNode*>(old), vertices, m_color);
}
