#include "bandstation/db/sample_codec.h"

#include <algorithm>
#include <limits>

namespace bandstation::db {

namespace {

constexpr std::size_t kBlock = 64;
constexpr int kEscapeQuotient = 20; // q ≥ this: an escape code and the value in full
constexpr std::int64_t kUs = 1000;
constexpr std::int64_t kMaxUs = std::numeric_limits<std::int64_t>::max() / kUs; // ns must fit

std::uint64_t zigzag(std::int64_t v)
{
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v)
{
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

class BitWriter {
public:
    void put(std::uint64_t value, int bits)
    {
        for (int i = bits - 1; i >= 0; --i) {
            putBit(static_cast<unsigned>((value >> i) & 1U));
        }
    }
    void putBit(unsigned bit)
    {
        acc_ = static_cast<std::uint8_t>((static_cast<unsigned>(acc_) << 1U) | bit);
        if (++n_ == 8) {
            out_.push_back(acc_);
            acc_ = 0;
            n_ = 0;
        }
    }
    void putVarint(std::uint64_t v)
    {
        align();
        while (v >= 0x80) {
            out_.push_back(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<std::uint8_t>(v));
    }
    void putRice(std::uint64_t v, int k)
    {
        const auto q = v >> k;
        if (q >= static_cast<std::uint64_t>(kEscapeQuotient)) {
            for (int i = 0; i < kEscapeQuotient; ++i) {
                putBit(1);
            }
            int length = 1;
            while (length < 64 && (v >> length) != 0) {
                ++length;
            }
            put(static_cast<std::uint64_t>(length - 1), 6);
            put(v, length);
            return;
        }
        for (std::uint64_t i = 0; i < q; ++i) {
            putBit(1);
        }
        putBit(0);
        put(v & ((std::uint64_t{1} << k) - 1), k);
    }
    void align()
    {
        while (n_ != 0) {
            putBit(0);
        }
    }
    std::vector<std::uint8_t> finish()
    {
        align();
        return std::move(out_);
    }

private:
    std::vector<std::uint8_t> out_;
    std::uint8_t acc_ = 0;
    int n_ = 0;
};

class BitReader {
public:
    explicit BitReader(std::span<const std::uint8_t> in) : in_(in) {}
    bool ok() const { return ok_; }
    unsigned bit()
    {
        if (pos_ >= in_.size() * 8) {
            ok_ = false;
            return 0;
        }
        const auto b = (static_cast<unsigned>(in_[pos_ / 8]) >> (7U - pos_ % 8)) & 1U;
        ++pos_;
        return b;
    }
    std::uint64_t get(int bits)
    {
        std::uint64_t v = 0;
        for (int i = 0; i < bits; ++i) {
            v = (v << 1) | bit();
        }
        return v;
    }
    std::uint64_t varint()
    {
        pos_ = (pos_ + 7) / 8 * 8;
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ / 8 >= in_.size()) {
                ok_ = false;
                return 0;
            }
            const auto byte = in_[pos_ / 8];
            pos_ += 8;
            v |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) {
                return v;
            }
        }
        ok_ = false;
        return 0;
    }
    std::uint64_t rice(int k)
    {
        int q = 0;
        while (ok_ && bit() == 1) {
            if (++q == kEscapeQuotient) {
                const int length = static_cast<int>(get(6)) + 1;
                return get(length);
            }
        }
        return (static_cast<std::uint64_t>(q) << k) | get(k);
    }

private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

std::uint64_t riceBits(std::span<const std::uint64_t> values, int k)
{
    std::uint64_t bits = 0;
    for (const auto v : values) {
        const auto q = v >> k;
        bits += q >= static_cast<std::uint64_t>(kEscapeQuotient) ? kEscapeQuotient + 6 + 64
                                                                 : q + 1 + static_cast<unsigned>(k);
    }
    return bits;
}

// The Rice parameter that codes these values in the fewest bits.
int bestK(std::span<const std::uint64_t> values)
{
    int best = 0;
    std::uint64_t bestBits = std::numeric_limits<std::uint64_t>::max();
    for (int k = 0; k < 32; ++k) {
        const auto bits = riceBits(values, k);
        if (bits < bestBits) {
            bestBits = bits;
            best = k;
        }
    }
    return best;
}

// Where the next timestamp should fall: the last grid point plus a period. Each stamp pulls the
// grid an eighth of the way towards itself; a stamp more than half a period off (a gap, a jump)
// resets the grid to it. Integer arithmetic only, so the decoder follows the same grid exactly.
class TimeGrid {
public:
    TimeGrid(std::int64_t first, std::int64_t period) : grid_(first), period_(period) {}
    std::int64_t predict() const { return grid_ + period_; }
    // The residual of `t`, and the grid moved on.
    std::int64_t residual(std::int64_t t)
    {
        const auto r = t - predict();
        advance(r);
        return r;
    }
    void advance(std::int64_t r)
    {
        const auto half = period_ / 2;
        grid_ = predict() + (r > half || r < -half ? r : r / 8);
    }

private:
    std::int64_t grid_;
    std::int64_t period_;
};

// Code i minus its linear prediction from the two before it (the previous code alone for i = 1).
std::int64_t predictionError(std::span<const core::RawSample> s, std::size_t i)
{
    const std::int64_t c1 = s[i - 1].counts;
    const std::int64_t predicted = i >= 2 ? 2 * c1 - s[i - 2].counts : c1;
    return s[i].counts - predicted;
}

std::int64_t toUs(std::int64_t ns)
{
    return ns >= 0 ? (ns + kUs / 2) / kUs : -((-ns + kUs / 2) / kUs);
}

} // namespace

std::vector<std::uint8_t> encodeSamples(std::span<const core::RawSample> samples)
{
    BitWriter w;
    const auto n = samples.size();
    w.putVarint(n);
    if (n == 0) {
        return w.finish();
    }
    std::vector<std::int64_t> us(n);
    for (std::size_t i = 0; i < n; ++i) {
        us[i] = toUs(samples[i].tNs);
    }
    std::int64_t period = 0;
    if (n > 1) {
        std::vector<std::int64_t> dt(n - 1);
        for (std::size_t i = 1; i < n; ++i) {
            dt[i - 1] = us[i] - us[i - 1];
        }
        std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2),
                         dt.end());
        period = dt[dt.size() / 2];
    }
    w.putVarint(zigzag(us[0]));
    w.putVarint(zigzag(period));
    w.putVarint(zigzag(samples[0].counts));
    std::size_t flagged = 0;
    for (const auto& s : samples) {
        flagged += s.flags != 0 ? 1 : 0;
    }
    w.putVarint(flagged);
    std::size_t last = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (samples[i].flags != 0) {
            w.putVarint(i - last);
            w.putVarint(samples[i].flags);
            last = i;
        }
    }
    // Time residuals against a tracked grid of the converter's own clock: jitter in the stamps
    // costs once, not twice as in plain differences, and a clock off its nominal rate is followed.
    std::vector<std::int64_t> timeResidual(n, 0);
    {
        TimeGrid grid(us[0], period);
        for (std::size_t i = 1; i < n; ++i) {
            timeResidual[i] = grid.residual(us[i]);
        }
    }
    std::vector<std::uint64_t> times, codes, slopes;
    for (std::size_t start = 1; start < n; start += kBlock) {
        const auto end = std::min(n, start + kBlock);
        times.clear();
        codes.clear();
        slopes.clear();
        for (std::size_t i = start; i < end; ++i) {
            times.push_back(zigzag(timeResidual[i]));
            codes.push_back(zigzag(std::int64_t{samples[i].counts} - samples[i - 1].counts));
            slopes.push_back(zigzag(predictionError(samples, i)));
        }
        // Per block, the cheaper of two predictors: the previous code (noise dominates, at rest)
        // or the line through the last two (the band is moving).
        const int kt = bestK(times);
        const int kc = bestK(codes);
        const int ks = bestK(slopes);
        const bool linear = riceBits(slopes, ks) < riceBits(codes, kc);
        w.put(static_cast<std::uint64_t>(kt), 5);
        w.putBit(linear ? 1U : 0U);
        w.put(static_cast<std::uint64_t>(linear ? ks : kc), 5);
        const auto& residuals = linear ? slopes : codes;
        for (std::size_t i = 0; i < times.size(); ++i) {
            w.putRice(times[i], kt);
            w.putRice(residuals[i], linear ? ks : kc);
        }
    }
    return w.finish();
}

std::optional<std::vector<core::RawSample>> decodeSamples(std::span<const std::uint8_t> bytes,
                                                          std::uint8_t channel, std::string* error)
{
    const auto bad = [&](const char* why) -> std::optional<std::vector<core::RawSample>> {
        if (error != nullptr) {
            *error = why;
        }
        return std::nullopt;
    };
    BitReader r(bytes);
    const auto n = r.varint();
    if (!r.ok() || n > bytes.size() * 8) { // every sample after the first takes ≥ 2 bits
        return bad("sample count does not fit the chunk");
    }
    std::vector<core::RawSample> out(static_cast<std::size_t>(n));
    if (n == 0) {
        return out;
    }
    std::int64_t t = unzigzag(r.varint());
    const std::int64_t period = unzigzag(r.varint());
    std::int64_t counts = unzigzag(r.varint());
    const auto flagged = r.varint();
    if (!r.ok() || flagged > n || t > kMaxUs || t < -kMaxUs) {
        return bad("truncated chunk header");
    }
    std::size_t index = 0;
    for (std::uint64_t i = 0; i < flagged; ++i) {
        index += static_cast<std::size_t>(r.varint());
        const auto flags = r.varint();
        if (!r.ok() || index >= n || flags > 0xFF) {
            return bad("bad flag list");
        }
        out[index].flags = static_cast<std::uint8_t>(flags);
    }
    const auto put = [&](std::size_t i) -> bool {
        if (counts < std::numeric_limits<std::int32_t>::min() ||
            counts > std::numeric_limits<std::int32_t>::max()) {
            return false;
        }
        out[i].tNs = t * kUs;
        out[i].counts = static_cast<std::int32_t>(counts);
        out[i].channel = channel;
        return true;
    };
    if (!put(0)) {
        return bad("code out of range");
    }
    if (period < 0 || period > kMaxUs) {
        return bad("bad period");
    }
    TimeGrid grid(t, period);
    for (std::size_t start = 1; start < n; start += kBlock) {
        const auto end = std::min<std::size_t>(static_cast<std::size_t>(n), start + kBlock);
        const int kt = static_cast<int>(r.get(5));
        const bool linear = r.bit() == 1;
        const int kc = static_cast<int>(r.get(5));
        for (std::size_t i = start; i < end; ++i) {
            const auto dt = unzigzag(r.rice(kt));
            const auto dc = unzigzag(r.rice(kc));
            // The linear predictor adds the last step to the last code.
            const std::int64_t step = linear && i >= 2 ? counts - out[i - 2].counts : 0;
            const auto predicted = grid.predict();
            if (predicted > kMaxUs || predicted < -kMaxUs || dt > kMaxUs || dt < -kMaxUs) {
                return bad("corrupt sample data");
            }
            grid.advance(dt);
            if (__builtin_add_overflow(predicted, dt, &t) ||
                __builtin_add_overflow(counts, step, &counts) ||
                __builtin_add_overflow(counts, dc, &counts) || t > kMaxUs || t < -kMaxUs) {
                return bad("corrupt sample data");
            }
            if (!r.ok() || !put(i)) {
                return bad("truncated or corrupt sample data");
            }
        }
    }
    return out;
}

} // namespace bandstation::db
