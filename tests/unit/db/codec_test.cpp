#include <random>

#include <gtest/gtest.h>

#include <bandstation/db/sample_codec.h>

#include "db_test_util.h"

namespace bandstation::db {
namespace {

void expectRoundTrip(const std::vector<core::RawSample>& in, std::uint8_t channel = 0)
{
    const auto bytes = encodeSamples(in);
    std::string error;
    const auto out = decodeSamples(bytes, channel, &error);
    ASSERT_TRUE(out) << error;
    ASSERT_EQ(out->size(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        // Codes and flags exact; timestamps to the microsecond.
        ASSERT_EQ((*out)[i].counts, in[i].counts) << i;
        ASSERT_EQ((*out)[i].flags, in[i].flags) << i;
        ASSERT_EQ((*out)[i].channel, channel);
        ASSERT_LE(std::llabs((*out)[i].tNs - in[i].tNs), 500) << i;
    }
}

TEST(SampleCodec, RoundTripsBandData)
{
    for (const double rate : {10.0, 80.0, 1000.0, 2000.0}) {
        expectRoundTrip(test::bandSamples(5000, rate, static_cast<std::uint64_t>(rate)));
    }
}

TEST(SampleCodec, RoundTripsEdgeCases)
{
    expectRoundTrip({});
    expectRoundTrip({{123'456'789, -5, 0, 0}});
    expectRoundTrip({{0, 0x7FFFFF, 1, 0}, {1000, -0x800000, 1, 0}, {2000, 0x7FFFFF, 3, 0}});
    // Gaps, a clock jump, negative times, extreme codes, every flag combination.
    std::vector<core::RawSample> odd;
    std::mt19937_64 rng(5);
    std::int64_t t = -3'000'000'000;
    for (int i = 0; i < 3000; ++i) {
        t += (i % 500 == 0) ? 7'000'000'000 : 12'500'000 + static_cast<std::int64_t>(rng() % 9000);
        const auto c =
            static_cast<std::int32_t>(static_cast<std::int64_t>(rng() % 0xFFFFFF) - 0x800000);
        odd.push_back({t, c, static_cast<std::uint8_t>(rng() % 8 == 0 ? rng() % 8 : 0), 0});
    }
    expectRoundTrip(odd, 1);
}

TEST(SampleCodec, RandomPropertyRoundTrips)
{
    std::mt19937_64 rng(99);
    for (int trial = 0; trial < 200; ++trial) {
        const auto n = static_cast<std::size_t>(rng() % 700);
        const double rate = 10.0 + static_cast<double>(rng() % 2000);
        auto samples = test::bandSamples(n, rate, rng());
        expectRoundTrip(samples, static_cast<std::uint8_t>(trial % 2));
    }
}

TEST(SampleCodec, CorruptBytesGiveAnErrorNeverACrash)
{
    const auto good = encodeSamples(test::bandSamples(2000, 80));
    std::mt19937_64 rng(7);
    int refused = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        auto bytes = good;
        if (trial % 3 == 0) {
            bytes.resize(rng() % bytes.size()); // truncated
        } else {
            for (int k = 0; k < 4; ++k) {
                bytes[rng() % bytes.size()] ^= static_cast<std::uint8_t>(1U << (rng() % 8));
            }
        }
        std::string error;
        const auto out = decodeSamples(bytes, 0, &error);
        if (!out) {
            ++refused;
            EXPECT_FALSE(error.empty());
        }
    }
    EXPECT_GT(refused, 500); // every truncation at least
    std::vector<std::uint8_t> garbage(300);
    for (int trial = 0; trial < 2000; ++trial) {
        for (auto& b : garbage) {
            b = static_cast<std::uint8_t>(rng());
        }
        decodeSamples(garbage, 0); // must not crash, hang or overflow (ASan/UBSan build)
    }
}

TEST(SampleCodec, SmallOnLoadCellData)
{
    // A regression guard for the format; the figures live in bench/ and docs/performance.md.
    const auto samples = test::bandSamples(20000, 80);
    const auto bytes = encodeSamples(samples);
    EXPECT_LT(static_cast<double>(bytes.size()) / 20000.0, 3.0);
}

} // namespace
} // namespace bandstation::db
