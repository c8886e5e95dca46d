#pragma once

// The parts of Station that only its own sources see: the exercise block, the running set and the
// JSON views of events.

#include <string>

#include <boost/json/object.hpp>

#include <bandstation/hw/simulated_athlete.h>

#include "bandstation/daemon/station.h"

namespace bandstation::daemon {

struct Station::Block {
    SetRequest request;
    const core::Exercise* exercise = nullptr;
    core::Targets targets; // the zone may be relative: see zoneFor
    int targetCount = 1;   // movements that complete a set: reps, steps of both directions, 1 hold
    int setsPlanned = 1;   // both sides together for unilateral exercises
    int setsDone = 0;
    double restS = 60;
    std::optional<double> holdS;
    bool alternate = false; // unilateral: the sides take turns
    std::string firstSide;
};

struct Station::RunningSet {
    std::int64_t id = 0;
    int number = 1; // within the block
    std::string side;
    SetTracker tracker;
    std::vector<std::string> cues;                   // for the last movement
    core::BandState band = core::BandState::Unknown; // as last told to clients
    std::size_t handled = 0;                         // handling intervals told
};

// The virtual athlete's plan for one set of the block.
hw::AthletePlan athletePlan(const Station::Block& block, const core::Targets& targets);

boost::json::object repEvent(std::int64_t setId, const db::RepRecord& record,
                             const std::vector<std::string>& cues);
boost::json::object setEndEvent(std::int64_t setId, const db::SetResult& result);
boost::json::object sessionEndEvent(std::int64_t sessionId, db::Status status);

} // namespace bandstation::daemon
