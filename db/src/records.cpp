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

RepRecord holdRecord(int index, const core::Hold& hold, const core::RepJudgement& judgement)
{
    RepRecord r;
    r.index = index;
    r.kind = core::MovementKind::Hold;
    r.rep = core::holdAsRep(hold);
    r.judgement = judgement;
    r.timeInZoneS = hold.timeInZoneS;
    return r;
}

} // namespace bandstation::db
