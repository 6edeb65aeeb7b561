#include "ring_buffer.h"

#include <algorithm>

RingBuffer::RingBuffer(std::size_t capacity)
    : m_items(capacity)
{}

bool RingBuffer::push(const Sample &sample)
{
    if (m_items.empty())
        return false;
    m_items[m_head] = sample;
    m_head = (m_head + 1) % m_items.size();
    m_count = std::min(m_count + 1, m_items.size());
    return true;
}

const Sample *RingBuffer::latest() const
{
    if (m_count == 0)
        return nullptr;
    const std::size_t last = (m_head + m_items.size() - 1) % m_items.size();
    return &m_items[last];
}

double RingBuffer::average() const
{
    if (m_count == 0)
        return 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < m_count; ++i)
        total += m_items[i].value;
    return total / static_cast<double>(m_count);
}

int RingBuffer::countAbove(const Sample *threshold) const
{
    if (!threshold)
        return 0;
    int above = 0;
    for (std::size_t i = 0; i < m_count; ++i) {
        if (m_items[i].value > threshold->value)
            ++above;
    }
    return above;
}

bool RingBuffer::load(const std::string &path)
{
    const int rc = readSamples(path, m_items);
    if (rc < 0)
        return false;
    m_count = std::min<std::size_t>(rc, m_items.size());
    m_head = m_count % m_items.size();
    return true;
}

// "if (a < b) return;" in a comment is text, and so is this: x == y.
const char *describe(const RingBuffer &buffer)
{
    return buffer.size() == 0 ? "empty (size < 1)" : "filled";
}
