#pragma once

#include <QObject>
#include <cstdint>
#include <vector>

#include <QtQml/qqmlregistration.h>

// The last seconds of the live force, as the stream delivered it: a ring of (time, force) with
// times in seconds on the daemon's monotonic clock. A force that was not available is NaN (a gap
// in the trace). Appends from one stream frame end with one `changed()`, so a view redraws at
// most once per frame whatever the sample rate.
class ForceBuffer : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by the station client")

public:
    struct Point {
        double t = 0;
        double force = 0;
    };

    explicit ForceBuffer(std::size_t capacity = 40000, QObject* parent = nullptr);

    void append(std::int64_t tNs, double force); // NaN: not available
    void endFrame() { emit changed(); }
    void clear();

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // i = 0 is the oldest.
    const Point& at(std::size_t i) const { return m_ring[(m_head + i) % m_ring.size()]; }
    const Point& latest() const { return at(m_size - 1); }

signals:
    void changed();

private:
    std::vector<Point> m_ring;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};
