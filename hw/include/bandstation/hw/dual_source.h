#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <bandstation/hw/source.h>

namespace bandstation::hw {

// Two load cells (left and right) read by two chips, seen as one two-channel source: the first's
// samples are channel 0, the second's channel 1. Each keeps its own reader thread; batches reach
// the handler one at a time. The status is the worse of the two, the counters their sum.
// Thread: as LoadCellSource.
class DualSource final : public LoadCellSource {
public:
    DualSource(std::unique_ptr<LoadCellSource> left, std::unique_ptr<LoadCellSource> right);
    ~DualSource() override;

    void start(BatchHandler handler) override;
    void stop() override;
    std::string describe() const override;
    double configuredRateHz() const override { return left_->configuredRateHz(); }
    core::CountRange range() const override { return left_->range(); }
    int channels() const override { return 2; }
    SourceStatus status() const override;

private:
    void forward(std::span<const core::RawSample> batch, std::uint8_t channel);

    std::unique_ptr<LoadCellSource> left_;
    std::unique_ptr<LoadCellSource> right_;
    std::mutex mutex_;
    BatchHandler handler_;
    std::vector<core::RawSample> buffer_;
};

} // namespace bandstation::hw
