#pragma once

#include <cstddef>
#include <string>
#include <vector>

struct Sample
{
    long timestamp = 0;
    double value = 0.0;
};

int readSamples(const std::string &path, std::vector<Sample> &out);

// A fixed-size buffer of the most recent samples.
class RingBuffer
{
public:
    explicit RingBuffer(std::size_t capacity);

    bool push(const Sample &sample);
    const Sample *latest() const;
    double average() const;
    int countAbove(const Sample *threshold) const;
    bool load(const std::string &path);
    std::size_t size() const { return m_count; }

private:
    std::vector<Sample> m_items;
    std::size_t m_head = 0;
    std::size_t m_count = 0;
};
