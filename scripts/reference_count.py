#!/usr/bin/env python3
"""The count error of a run, computed outside vision: the reference `vision eval count` is checked against.

Usage: reference_count.py RUN.jsonl COUNTS.json  ->  prints {"total_truth", "total_abs_error", "lines", "zones"}
as JSON. Crossings are the JSON lines' line_crossed events, visits their zone_entered events, of the class
COUNTS.json names (all classes when it names none), within each window of COUNTS.json ([from_s, to_s) of
the frames' timestamp_ms), or the whole run when it has no windows.
"""
import json
import sys


def counted(events, cls, start_ms, end_ms):
    lines, zones = {}, {}
    for t, e in events:
        if not (start_ms <= t < end_ms) or (cls and e.get("label") != cls):
            continue
        if e["type"] == "line_crossed":
            lines.setdefault(e["line"], {"in": 0, "out": 0})[e["direction"]] += 1
        elif e["type"] == "zone_entered":
            zones[e["zone"]] = zones.get(e["zone"], 0) + 1
    return lines, zones


def compare(truth, lines, zones):
    out = {"lines": {}, "zones": {}, "truth": 0, "abs_error": 0}
    for name, t in truth.get("lines", {}).items():
        out["lines"][name] = {}
        for d in ("in", "out"):
            c = lines.get(name, {}).get(d, 0)
            out["lines"][name][d] = {"truth": t.get(d, 0), "counted": c}
            out["truth"] += t.get(d, 0)
            out["abs_error"] += abs(c - t.get(d, 0))
    for name, t in truth.get("zones", {}).items():
        c = zones.get(name, 0)
        out["zones"][name] = {"visits": {"truth": t.get("visits", 0), "counted": c}}
        out["truth"] += t.get("visits", 0)
        out["abs_error"] += abs(c - t.get("visits", 0))
    return out


def main():
    events = []
    for line in open(sys.argv[1]):
        o = json.loads(line)
        if "summary" in o:
            continue
        for e in o.get("events", []):
            events.append((o.get("timestamp_ms", 0), e))
    gt = json.load(open(sys.argv[2]))
    cls = gt.get("class")
    windows = gt.get("windows") or [dict(gt, from_s=0, to_s=float("inf"))]
    total_truth = total_error = 0
    report = {"windows": []}
    for w in windows:
        end = w["to_s"] * 1000 if w["to_s"] != float("inf") else float("inf")
        lines, zones = counted(events, cls, w["from_s"] * 1000, end)
        r = compare(w, lines, zones)
        total_truth += r["truth"]
        total_error += r["abs_error"]
        report["windows"].append(r)
    report["total_truth"] = total_truth
    report["total_abs_error"] = total_error
    report["lines"] = report["windows"][0]["lines"] if len(windows) == 1 else None
    report["zones"] = report["windows"][0]["zones"] if len(windows) == 1 else None
    print(json.dumps(report))


if __name__ == "__main__":
    main()
