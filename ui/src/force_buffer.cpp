#include "force_buffer.h"

ForceBuffer::ForceBuffer(std::size_t capacity, QObject* parent)
    : QObject(parent), m_ring(capacity == 0 ? 1 : capacity)
{
}

void ForceBuffer::append(std::int64_t tNs, double force)
{
    const Point p{static_cast<double>(tNs) * 1e-9, force};
    if (m_size < m_ring.size()) {
        m_ring[(m_head + m_size) % m_ring.size()] = p;
        ++m_size;
    } else {
        m_ring[m_head] = p;
        m_head = (m_head + 1) % m_ring.size();
    }
}

void ForceBuffer::clear()
{
    m_head = 0;
    m_size = 0;
    emit changed();
}
