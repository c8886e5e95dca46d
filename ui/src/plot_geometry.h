#pragma once

#include <QColor>
#include <QPointF>
#include <QSGGeometry>
#include <span>
#include <vector>

class QSGGeometryNode;

// Thick polylines as triangles for the scene graph (line widths above 1 px are not portable
// across OpenGL profiles). Points with a NaN coordinate break the line.
void appendPolyline(std::vector<QSGGeometry::Point2D>& vertices, std::span<const QPointF> points,
                    float width);
// Makes `node` (or a new node when it is null) draw `vertices` as triangles in `color`.
QSGGeometryNode* trianglesNode(QSGGeometryNode* node,
                               const std::vector<QSGGeometry::Point2D>& vertices,
                               const QColor& color);
