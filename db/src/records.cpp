#include "bandstation/db/records.h"

namespace bandstation::db {

std::string_view toString(Status status)
{
    switch (status) {
    case Status::Active:
        return "active";
    case Status::Completed:
        return "completed";
    case Status::Interrupted:
        return "interrupted";
    }
    return "active";
}

std::optional<Status> parseStatus(std::string_view text)
{
    if (text == "active") {
        return Status::Active;
    }
    if (text == "completed") {
        return Status::Completed;
    }
    if (text == "interrupted") {
        return Status::Interrupted;
    }
    return std::nullopt;
}

RepRecord holdRecord(int index, const core::Hold& hold, bool good)
{
    RepRecord r;
    r.index = index;
    r.kind = core::MovementKind::Hold;
    r.rep.startS = hold.startS;
    r.rep.endS = hold.endS;
    r.rep.holdS = hold.durationS;
    r.rep.tutS = hold.durationS;
    r.rep.peakForceN = hold.peakForceN;
    r.rep.meanForceN = hold.meanForceN;
    r.rep.troughBeforeN = hold.troughBeforeN;
    r.rep.troughAfterN = hold.troughAfterN;
    r.rep.amplitudeN = hold.levelN - hold.troughBeforeN;
    r.judgement.good = good;
    r.timeInZoneS = hold.timeInZoneS;
    return r;
}

} // namespace bandstation::db
