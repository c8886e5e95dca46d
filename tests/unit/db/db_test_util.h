#pragma once

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <bandstation/db/store.h>

namespace bandstation::db::test {

// A fresh directory under the system's temporary directory, removed at the end.
class TempDir {
public:
    TempDir()
    {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("bandstation-db-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Samples like an HX711 on a band: a rest tension, reps, noise, timestamp jitter, the odd
// full-scale word. Deterministic for a seed.
inline std::vector<core::RawSample>
bandSamples(std::size_t n, double rateHz, std::uint64_t seed = 1, std::int64_t t0 = 5'000'000'000)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<core::RawSample> out;
    out.reserve(n);
    const double period = 1e9 / rateHz;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / rateHz;
        const double force = 30 + 25 * std::max(0.0, std::sin(2 * M_PI * t / 5.0));
        core::RawSample s;
        s.tNs = t0 + static_cast<std::int64_t>(static_cast<double>(i) * period +
                                               noise(rng) * period * 0.005);
        s.counts = static_cast<std::int32_t>(150'000 + force * 8000 + noise(rng) * 800);
        if (u(rng) < 0.001) {
            s.counts = 0x7FFFFF;
            s.flags = core::withFlag(0, core::SampleFlag::Saturated);
        }
        out.push_back(s);
    }
    return out;
}

inline RepRecord makeRep(int index, double start)
{
    RepRecord r;
    r.index = index;
    r.rep.startS = start;
    r.rep.concentricEndS = start + 1.1;
    r.rep.peakS = start + 1.6;
    r.rep.eccentricStartS = start + 3.0;
    r.rep.endS = start + 4.1;
    r.rep.concentricS = 1.1;
    r.rep.holdS = 1.9;
    r.rep.eccentricS = 1.1;
    r.rep.peakForceN = 70 + index;
    r.rep.meanForceN = 50;
    r.rep.troughBeforeN = 30;
    r.rep.troughAfterN = 31;
    r.rep.amplitudeN = 40 + index;
    r.rep.impulseNs = 80;
    r.rep.tutS = 4.1;
    r.judgement.inZone = true;
    r.judgement.good = true;
    return r;
}

} // namespace bandstation::db::test
