#include "bandstation/core/set_analysis.h"

#include <algorithm>

namespace bandstation::core {

AnalyzerConfig analyzerConfigFor(const Exercise& exercise, const Targets& targets,
                                 double sampleRateHz)
{
    auto config = analyzerConfigFor(exercise.kind, sampleRateHz);
    config.zone = targets.zone;
    if (targets.tempo && exercise.kind == MovementKind::Rep) {
        config.expectedDurationS = expectedRepDurationS(*targets.tempo);
    }
    return config;
}

SetAnalysis::SetAnalysis(const Exercise& exercise, const Targets& targets, double sampleRateHz)
    : exercise_(&exercise), targets_(targets)
{
    analyzer_.configure(analyzerConfigFor(exercise, targets, sampleRateHz));
}

int SetAnalysis::process(const ForceSample& sample)
{
    return judged(analyzer_.process(sample));
}

int SetAnalysis::finish()
{
    return judged(analyzer_.finish());
}

int SetAnalysis::judged(int completed)
{
    // The analyzer appends to its reps or holds; each new one is judged once, here.
    const auto& reps = analyzer_.reps();
    const auto& holds = analyzer_.holds();
    const std::size_t done = reps.size() + holds.size();
    for (std::size_t n = movements_.size(); n < done; ++n) {
        Movement m;
        m.kind = exercise_->kind;
        if (m.kind == MovementKind::Hold) {
            m.hold = holds[n];
            m.judgement = judgeHold(*m.hold, targets_);
        } else {
            m.rep = reps[n];
            m.judgement = judgeRep(m.rep, targets_, analyzer_.tempoReliable());
            if (m.kind == MovementKind::Step) {
                m.direction = turns_.next(m.rep.startS);
            }
        }
        movements_.push_back(m);
    }
    return completed;
}

int SetAnalysis::goodCount() const
{
    return static_cast<int>(std::count_if(movements_.begin(), movements_.end(),
                                          [](const Movement& m) { return m.judgement.good; }));
}

SetSummary SetAnalysis::summary() const
{
    std::vector<Rep> reps;
    std::vector<RepJudgement> judgements;
    for (const auto& m : movements_) {
        reps.push_back(m.hold ? holdAsRep(*m.hold) : m.rep);
        judgements.push_back(m.judgement);
    }
    return summarizeSet(reps, judgements, exercise_->kind);
}

std::vector<std::string> cuesFor(const Movement& m, const Targets& targets)
{
    std::vector<std::string> cues;
    const auto& j = m.judgement;
    if (m.kind == MovementKind::Hold) {
        if (j.good) {
            cues.emplace_back("Good hold");
        } else if (j.holdTooShort) {
            cues.emplace_back("Hold longer: stay up for the whole time");
        } else {
            cues.emplace_back("Hold steady in the zone for the whole time");
        }
        return cues;
    }
    if (j.inZone && !*j.inZone && targets.zone) {
        cues.emplace_back(m.rep.peakForceN < targets.zone->lowN ? "Push further: reach the zone"
                                                                : "Ease off: stay in the zone");
    }
    if (j.tooFastUp) {
        cues.emplace_back("Slower on the way up");
    }
    if (j.holdTooShort) {
        cues.emplace_back("Hold longer at the top");
    }
    if (j.tooFastDown) {
        cues.emplace_back("Lower slowly");
    }
    if (cues.empty()) {
        cues.emplace_back(m.kind == MovementKind::Step ? "Good step" : "Good rep");
    }
    return cues;
}

} // namespace bandstation::core
