#include "bandstation/core/trace_format.h"

#include <algorithm>
#include <cmath>

#include <bandstation/base/parse.h>
#include <bandstation/base/text.h>

namespace bandstation::core {

namespace {
constexpr std::string_view kHeader = "t_s,force_n";
constexpr std::string_view kRawHeader = "t_s,counts";
} // namespace

TraceParser::Line TraceParser::feed(std::string_view raw)
{
    ++line_;
    const auto text = base::trim(raw);
    Line out;
    if (text.empty()) {
        return out;
    }
    if (text.front() == '#') {
        const auto body = base::trim(text.substr(1));
        const auto colon = body.find(':');
        if (colon != std::string_view::npos) {
            std::string key(base::trim(body.substr(0, colon)));
            std::string value(base::trim(body.substr(colon + 1)));
            if (key == "exercise") {
                meta_.exercise = value;
            } else if (key == "sample_rate_hz") {
                const auto rate = base::parseDouble(value);
                if (rate && std::isfinite(*rate) && *rate > 0) {
                    meta_.sampleRateHz = *rate;
                }
            }
            meta_.keys.emplace_back(std::move(key), std::move(value));
        }
        return out;
    }
    if (!header_) {
        if (text == kRawHeader) {
            meta_.rawCounts = true;
        } else if (text != kHeader) {
            out.error = "expected the header 't_s,force_n' (or 't_s,counts'), found '" +
                        std::string(text) + "'";
        }
        header_ = true;
        return out;
    }
    const auto fields = base::split(text, ',');
    if (fields.size() != 2) {
        out.error = std::string("expected 2 fields (") +
                    std::string(meta_.rawCounts ? kRawHeader : kHeader) + "), found " +
                    std::to_string(fields.size());
        return out;
    }
    const auto t = base::parseDouble(fields[0]);
    const auto f = base::parseDouble(fields[1]);
    if (!t || !f) {
        out.error = std::string("not a number: '") +
                    std::string(base::trim(!t ? fields[0] : fields[1])) + "'";
        return out;
    }
    if (!std::isfinite(*t) || !std::isfinite(*f)) {
        out.error = std::string("non-finite ") + (!std::isfinite(*t) ? "time" : "force");
        return out;
    }
    if (lastT_ && *t <= *lastT_) {
        out.error = "time goes backwards or repeats: " + base::fixed(*t, 6) + " s after " +
                    base::fixed(*lastT_, 6) + " s";
        return out;
    }
    lastT_ = *t;
    out.sample = ForceSample{toNanoseconds(*t), *f, 0};
    return out;
}

double estimateSampleRate(const std::vector<ForceSample>& samples)
{
    if (samples.size() < 2) {
        return 0.0;
    }
    std::vector<std::int64_t> dt;
    dt.reserve(samples.size() - 1);
    for (std::size_t i = 1; i < samples.size(); ++i) {
        dt.push_back(samples[i].tNs - samples[i - 1].tNs);
    }
    auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
    std::nth_element(dt.begin(), mid, dt.end());
    return *mid > 0 ? 1e9 / static_cast<double>(*mid) : 0.0;
}

} // namespace bandstation::core
