#!/usr/bin/python3
"""Independent CLEAR MOT and IDF1 for checking `vision eval track`, with numpy and scipy.

Usage: /usr/bin/python3 scripts/reference_mot.py GT_TXT TRACKS_TXT
Both files in the MOTChallenge format (frame,id,left,top,width,height,...); ground-truth rows whose 7th
field is 0 are not evaluated. Prints one JSON object: mota, idf1, id_switches, fp, fn, gt, idtp.

Rules (as in the CLEAR MOT and IDF1 papers): a match needs IoU >= 0.5; in each frame a ground-truth object
keeps last frame's tracker id when they still overlap enough, the rest are assigned by minimum total
(1 - IoU) with scipy's linear_sum_assignment; an ID switch is a ground-truth object matched to another id
than before. IDF1 pairs identities once for the whole sequence, maximising the frames they overlap.
"""
import json
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import linear_sum_assignment


def read(path, ground_truth):
    frames = defaultdict(list)
    with open(path) as f:
        for line in f:
            v = line.strip().split(",")
            if len(v) < 6:
                continue
            if ground_truth and len(v) > 6 and float(v[6]) == 0:
                continue
            x, y, w, h = map(float, v[2:6])
            frames[int(v[0])].append((int(float(v[1])), np.array([x, y, x + w, y + h])))
    return frames


def iou_matrix(a, b):
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    a = np.stack(a)[:, None, :]
    b = np.stack(b)[None, :, :]
    iw = np.clip(np.minimum(a[..., 2], b[..., 2]) - np.maximum(a[..., 0], b[..., 0]), 0, None)
    ih = np.clip(np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 1], b[..., 1]), 0, None)
    inter = iw * ih
    area_a = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area_b = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / (area_a + area_b - inter)


def main():
    gt = read(sys.argv[1], True)
    hyp = read(sys.argv[2], False)
    last = {}
    fp = fn = switches = total_gt = total_hyp = 0
    overlap = defaultdict(lambda: defaultdict(int))
    for f in sorted(set(gt) | set(hyp)):
        g_ids = [i for i, _ in gt.get(f, [])]
        h_ids = [i for i, _ in hyp.get(f, [])]
        ious = iou_matrix([b for _, b in gt.get(f, [])], [b for _, b in hyp.get(f, [])])
        total_gt += len(g_ids)
        total_hyp += len(h_ids)
        for gi, gid in enumerate(g_ids):
            for hi, hid in enumerate(h_ids):
                if ious[gi, hi] >= 0.5:
                    overlap[gid][hid] += 1
        matched = {}
        used = set()
        for gi, gid in enumerate(g_ids):
            if gid in last and last[gid] in h_ids:
                hi = h_ids.index(last[gid])
                if hi not in used and ious[gi, hi] >= 0.5:
                    matched[gi] = hi
                    used.add(hi)
        free_g = [gi for gi in range(len(g_ids)) if gi not in matched]
        free_h = [hi for hi in range(len(h_ids)) if hi not in used]
        if free_g and free_h:
            cost = 1 - ious[np.ix_(free_g, free_h)]
            cost[cost > 0.5] = 1e6
            rows, cols = linear_sum_assignment(cost)
            for r, c in zip(rows, cols):
                if cost[r, c] <= 0.5:
                    gi, hi = free_g[r], free_h[c]
                    matched[gi] = hi
                    used.add(hi)
                    if g_ids[gi] in last and last[g_ids[gi]] != h_ids[hi]:
                        switches += 1
        for gi, hi in matched.items():
            last[g_ids[gi]] = h_ids[hi]
        fn += len(g_ids) - len(matched)
        fp += len(h_ids) - len(used)
    gts = sorted(overlap.keys() | {i for v in gt.values() for i, _ in v})
    hyps = sorted({i for v in hyp.values() for i, _ in v})
    weights = np.array([[overlap[g][h] for h in hyps] for g in gts], dtype=float).reshape(len(gts), len(hyps))
    idtp = 0
    if weights.size:
        rows, cols = linear_sum_assignment(-weights)
        idtp = int(weights[rows, cols].sum())
    result = {
        "mota": 1 - (fn + fp + switches) / total_gt if total_gt else 0.0,
        "idf1": 2 * idtp / (total_gt + total_hyp) if total_gt + total_hyp else 0.0,
        "id_switches": switches, "fp": fp, "fn": fn, "gt": total_gt, "idtp": idtp,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
