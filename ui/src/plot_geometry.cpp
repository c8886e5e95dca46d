#include "plot_geometry.h"

#include <QColor>
#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <cmath>
#include <cstring>

void appendPolyline(std::vector<QSGGeometry::Point2D>& vertices, std::span<const QPointF> points,
                    float width)
{
    const double half = static_cast<double>(width) / 2.0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const QPointF a = points[i - 1];
        const QPointF b = points[i];
        if (std::isnan(a.y()) || std::isnan(b.y()) || std::isnan(a.x()) || std::isnan(b.x())) {
            continue;
        }
        const double dx = b.x() - a.x();
        const double dy = b.y() - a.y();
        const double length = std::hypot(dx, dy);
        if (length < 1e-9) {
            continue;
        }
        // Extend each segment by half the width so that joints have no notches.
        const double ux = dx / length * half;
        const double uy = dy / length * half;
        const double nx = -uy;
        const double ny = ux;
        auto v = [](double x, double y) {
            return QSGGeometry::Point2D{static_cast<float>(x), static_cast<float>(y)};
        };
        const auto a1 = v(a.x() - ux + nx, a.y() - uy + ny);
        const auto a2 = v(a.x() - ux - nx, a.y() - uy - ny);
        const auto b1 = v(b.x() + ux + nx, b.y() + uy + ny);
        const auto b2 = v(b.x() + ux - nx, b.y() + uy - ny);
        vertices.insert(vertices.end(), {a1, a2, b1, b1, a2, b2});
    }
}

QSGGeometryNode* trianglesNode(QSGGeometryNode* node,
                               const std::vector<QSGGeometry::Point2D>& vertices,
                               const QColor& color)
{
    if (node == nullptr) {
        node = new QSGGeometryNode;
        auto* geometry = new QSGGeometry(QSGGeometry::defaultAttributes_Point2D(), 0);
        geometry->setDrawingMode(QSGGeometry::DrawTriangles);
        node->setGeometry(geometry);
        node->setFlag(QSGNode::OwnsGeometry);
        auto* material = new QSGFlatColorMaterial;
        node->setMaterial(material);
        node->setFlag(QSGNode::OwnsMaterial);
    }
    auto* material = static_cast<QSGFlatColorMaterial*>(node->material());
    if (material->color() != color) {
        material->setColor(color);
        node->markDirty(QSGNode::DirtyMaterial);
    }
    auto* geometry = node->geometry();
    geometry->allocate(static_cast<int>(vertices.size()));
    if (!vertices.empty()) {
        std::memcpy(geometry->vertexDataAsPoint2D(), vertices.data(),
                    vertices.size() * sizeof(QSGGeometry::Point2D));
    }
    node->markDirty(QSGNode::DirtyGeometry);
    return node;
}
