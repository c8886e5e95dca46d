#include "curve_overlay.h"

#include <QSGGeometryNode>
#include <algorithm>

#include "plot_geometry.h"

CurveOverlay::CurveOverlay(QQuickItem* parent) : QQuickItem(parent)
{
    setFlag(ItemHasContents, true);
    connect(this, &CurveOverlay::reportChanged, this, &QQuickItem::update);
}

void CurveOverlay::setReport(SetReport* report)
{
    if (m_report == report) {
        return;
    }
    if (m_report) {
        disconnect(m_report, nullptr, this, nullptr);
    }
    m_report = report;
    if (report != nullptr) {
        connect(report, &SetReport::curvesChanged, this, &QQuickItem::update);
    }
    emit reportChanged();
}

QSGNode* CurveOverlay::updatePaintNode(QSGNode* old, UpdatePaintNodeData*)
{
    // Two children: the other reps first, the good ones on top.
    auto* root = old != nullptr ? old : new QSGNode;
    std::vector<QSGGeometry::Point2D> good;
    std::vector<QSGGeometry::Point2D> other;
    const SetReport* report = m_report.data();
    if (report != nullptr && report->scaleMax() > 0) {
        const double w = width();
        const double h = height();
        const double scale = report->scaleMax();
        for (const auto& curve : report->curves()) {
            std::vector<QPointF> points;
            points.reserve(static_cast<std::size_t>(curve.points.size()));
            for (const auto& p : curve.points) {
                points.emplace_back(p.x() * w, h * (1.0 - std::clamp(p.y() / scale, 0.0, 1.0)));
            }
            appendPolyline(curve.good ? good : other, points, 2.5F);
        }
    }
    auto* first = static_cast<QSGGeometryNode*>(root->firstChild());
    auto* second = first != nullptr ? static_cast<QSGGeometryNode*>(first->nextSibling()) : nullptr;
    auto* otherNode = trianglesNode(first, other, m_otherColor);
    auto* goodNode = trianglesNode(second, good, m_goodColor);
    if (first == nullptr) {
        root->appendChildNode(otherNode);
        root->appendChildNode(goodNode);
    }
    return root;
}
