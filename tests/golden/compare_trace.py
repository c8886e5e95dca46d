#!/usr/bin/env python3
"""Golden test: run `bandstation analyze` on one example trace and compare it with its truth.

Matching follows shared/data/traces/README.md: a detected rep matches a truth rep when its peak_s
lies inside the truth rep's [start_s, end_s] or within 0.3 s of the truth peak_s; pairs are taken
by the smallest peak-time difference, each rep used once. Unmatched detections are false positives
(except inside `ignore` intervals), unmatched truth reps false negatives; phase errors are absolute
differences of the three durations, peak errors relative to peak_force_n.

Checks: no missed and no extra reps, steps or holds; at >= 80 samples/s a mean phase-duration
error of at most 30 ms; peak force within 5 %; with the tempo the trace was generated with as
the prescription, every rep judged good on tempo; every stretch of handling in the truth found
(an interval of the same kind overlapping it). Prints one summary line per trace.

With --expected FILE the whole `analyze` output is also compared with a frozen copy (gpsd's
regression style): any change to what the analyzer reports fails, with a diff, until the frozen
file is updated (--update) and the change explained in its commit.
"""
import difflib
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

MAX_PHASE_MS = 30.0
MAX_PEAK_REL = 0.05
MAX_HOLD_EDGE_S = 0.5
MAX_HOLD_MEAN_REL = 0.03


def match(detected, truth):
    candidates = []
    for i, d in enumerate(detected):
        for j, t in enumerate(truth):
            dt = abs(d["peak_s"] - t["peak_s"])
            if t["start_s"] <= d["peak_s"] <= t["end_s"] or dt <= 0.3:
                candidates.append((dt, i, j))
    candidates.sort()
    used_d, used_t, pairs = set(), set(), []
    for dt, i, j in candidates:
        if i not in used_d and j not in used_t:
            used_d.add(i)
            used_t.add(j)
            pairs.append((i, j))
    return pairs, used_d, used_t


def frozen(result, path):
    """Differences between this output and the frozen one, as failure lines."""
    try:
        expected = json.load(open(path))
    except FileNotFoundError:
        return [f"no frozen output {path}: run with --update to create it"]
    if expected == result:
        return []
    diff = difflib.unified_diff(json.dumps(expected, indent=1, sort_keys=True).splitlines(),
                                json.dumps(result, indent=1, sort_keys=True).splitlines(),
                                "frozen", "now", lineterm="", n=2)
    lines = list(diff)
    shown = "\n".join(lines[:80]) + ("\n..." if len(lines) > 80 else "")
    return [f"the output differs from {path} (if the change is meant, update it with --update "
            f"and explain it in the commit):\n{shown}"]


def nominal_tempo(notes):
    m = re.search(r"nominal tempo ([0-9.]+)-([0-9.]+)-([0-9.]+)", notes)
    return "-".join(m.groups()) if m else None


def analyze(binary, trace, exercise, extra):
    emulator = shlex.split(os.environ.get("BANDSTATION_EMULATOR", ""))
    cmd = [*emulator, binary, "analyze", "--exercise", exercise, trace] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {out.returncode}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--trace", required=True, help="path to NAME.csv; NAME.truth.json beside it")
    ap.add_argument("--expected", help="the frozen analyze output to compare with")
    ap.add_argument("--update", action="store_true", help="write the frozen output instead")
    args = ap.parse_args()
    truth = json.load(open(args.trace[:-4] + ".truth.json"))
    name = args.trace.rsplit("/", 1)[-1]
    rate = truth["sample_rate_hz"]
    tempo = nominal_tempo(truth.get("notes", ""))
    extra = ["--tempo", tempo] if tempo else []
    result = analyze(args.bin, args.trace, truth["exercise"], extra)
    failures = []

    pairs, used_d, used_t = match(result["reps"], truth["reps"])
    ignored = truth.get("ignore", [])
    extras = [d for i, d in enumerate(result["reps"]) if i not in used_d and not any(
        g["start_s"] <= d["peak_s"] <= g["end_s"] for g in ignored)]
    missed = [t for j, t in enumerate(truth["reps"]) if j not in used_t]
    if extras:
        failures.append(f"{len(extras)} extra rep(s) at " +
                        ", ".join(f"{d['peak_s']:.2f}s" for d in extras))
    if missed:
        failures.append(f"{len(missed)} missed rep(s) at " +
                        ", ".join(f"{t['peak_s']:.2f}s" for t in missed))

    errs, peak_rel = [], []
    for i, j in pairs:
        d, t = result["reps"][i], truth["reps"][j]
        for k in ("concentric_s", "hold_s", "eccentric_s"):
            errs.append(abs(d[k] - t[k]) * 1000.0)
        peak_rel.append(abs(d["peak_force_n"] - t["peak_force_n"]) / t["peak_force_n"])
    mean_ms = sum(errs) / len(errs) if errs else 0.0
    max_ms = max(errs) if errs else 0.0
    mean_peak = sum(peak_rel) / len(peak_rel) if peak_rel else 0.0
    if rate >= 80 and mean_ms > MAX_PHASE_MS:
        failures.append(f"mean phase error {mean_ms:.1f} ms > {MAX_PHASE_MS} ms")
    if peak_rel and max(peak_rel) > MAX_PEAK_REL:
        failures.append(f"peak force off by {max(peak_rel) * 100:.1f} % (max {MAX_PEAK_REL * 100} %)")

    bad_tempo = [r["index"] for r in result["reps"] if r.get("too_fast_up") or
                 r.get("too_fast_down") or r.get("hold_too_short")]
    if tempo and rate >= 80 and bad_tempo:
        failures.append(f"reps {bad_tempo} judged off-tempo at the generated tempo {tempo}")
    if rate < 40 and not any("unreliable" in w for w in result["warnings"]):
        failures.append("no warning that tempo is unreliable at this rate")

    holds_t, holds_d = truth.get("holds", []), result.get("holds", [])
    if len(holds_t) != len(holds_d):
        failures.append(f"{len(holds_d)} hold(s) found, {len(holds_t)} in the truth")
    hold_info = ""
    for d, t in zip(holds_d, holds_t):
        e0, e1 = abs(d["start_s"] - t["start_s"]), abs(d["end_s"] - t["end_s"])
        mrel = abs(d["mean_force_n"] - t["mean_force_n"]) / t["mean_force_n"]
        hold_info += f" hold: start {e0 * 1000:.0f} ms, end {e1 * 1000:.0f} ms, mean {mrel * 100:.2f} %"
        if max(e0, e1) > MAX_HOLD_EDGE_S or mrel > MAX_HOLD_MEAN_REL:
            failures.append(f"hold off: start {e0:.3f} s, end {e1:.3f} s, mean {mrel * 100:.1f} %")

    handling_t, handling_d = truth.get("handling", []), result.get("handling", [])
    unfound = [h for h in handling_t if not any(
        d["kind"] == h["kind"] and d["start_s"] < h["end_s"] and d["end_s"] > h["start_s"]
        for d in handling_d)]
    if unfound:
        failures.append("handling not found: " + ", ".join(
            f"{h['kind']} {h['start_s']:.2f}-{h['end_s']:.2f}s" for h in unfound))
    if handling_t or handling_d:
        hold_info += f" handling: {len(handling_t) - len(unfound)}/{len(handling_t)} found" + \
            f" ({len(handling_d)} reported)"

    if args.update and args.expected:
        with open(args.expected, "w") as f:
            f.write(json.dumps(result, indent=1, sort_keys=True) + "\n")
    elif args.expected:
        failures += frozen(result, args.expected)

    print(f"{name}: {len(pairs)}/{len(truth['reps'])} matched, {len(extras)} extra; phase error "
          f"mean {mean_ms:.1f} ms, max {max_ms:.1f} ms; peak error mean {mean_peak * 100:.2f} %;"
          f" tempo-flagged {len(bad_tempo)}{hold_info}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
