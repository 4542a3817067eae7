#!/usr/bin/python3
"""Labelled tracking sequences made from a real clip, with exact ground truth.

People are cut out of the clip (vtest) against its median background and moved over that background along
scripted paths that cross, pass behind one another and stop, behind one another and behind a pillar. Each
sequence is written in the MOTChallenge layout (img1/*.jpg, gt/gt.txt, seqinfo.ini) with expected.json (and counts.json, the ground truth of `vision eval count`) beside
it: the line and zone counts that the ground-truth tracks give, and the number of times two people's paths
cross. A ground-truth row of a person wholly hidden (less than 5 % of them visible) has its consider flag
(7th field) 0: no detector can see them, so no tracker is asked to report them.

Usage: /usr/bin/python3 scripts/make_track_sequences.py CLIP OUT_DIR
Needs Debian's python3-opencv and python3-numpy. Deterministic: the same clip gives the same sequences.
"""
import json
import os
import sys

import cv2
import numpy as np

FPS = 25


def read_frames(path):
    cap = cv2.VideoCapture(path)
    frames = []
    while True:
        ok, f = cap.read()
        if not ok:
            break
        frames.append(f)
    cap.release()
    if not frames:
        sys.exit("make_track_sequences: cannot read " + path)
    return frames


# Two people of vtest stand still for the whole clip, so the median keeps them: they are painted out of the
# background (x1, y1, x2, y2 in the 768x576 frame), lest the detector find people the ground truth lacks.
STANDING_STILL = [(368, 180, 408, 266), (414, 234, 438, 266)]

# Ranks (by blob area) of the cut-outs that hold one whole person each, all different people; the others
# are pairs walking together or the same person again.
SINGLE_PEOPLE = [3, 4, 8, 11, 19, 21, 13]


def clean_background(frames):
    background = np.median(np.stack(frames[::3]), axis=0).astype(np.uint8)
    mask = np.zeros(background.shape[:2], np.uint8)
    for x1, y1, x2, y2 in STANDING_STILL:
        mask[y1:y2, x1:x2] = 255
    return cv2.inpaint(background, mask, 7, cv2.INPAINT_TELEA)


def cut_people(frames, background):
    """The single-person foreground blobs of the clip, each as (pixels, mask)."""
    found = []
    for index in range(5, len(frames), 7):
        diff = cv2.absdiff(frames[index], background).max(axis=2)
        mask = (diff > 45).astype(np.uint8) * 255
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((7, 5), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
        for c in range(1, count):
            x, y, w, h, area = stats[c]
            if not (70 <= h <= 130 and h / max(w, 1) >= 2.0) or y < 150:
                continue  # not person-shaped, or far away (small and blurred)
            blob = (labels[y:y + h, x:x + w] == c).astype(np.uint8)
            found.append((area, index, x, frames[index][y:y + h, x:x + w].copy(), blob))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    if len(found) <= max(SINGLE_PEOPLE):
        sys.exit("make_track_sequences: found only %d people to cut out" % len(found))
    return [(found[r][3], found[r][4]) for r in SINGLE_PEOPLE]


def position(keys, frame):
    """Linear interpolation of (frame, x, y) keys; None before the first or after the last."""
    if frame < keys[0][0] or frame > keys[-1][0]:
        return None
    for (f0, x0, y0), (f1, x1, y1) in zip(keys, keys[1:]):
        if f0 <= frame <= f1:
            t = 0 if f1 == f0 else (frame - f0) / (f1 - f0)
            return x0 + t * (x1 - x0), y0 + t * (y1 - y0)
    return keys[-1][1], keys[-1][2]


# Scenarios: actors with a sprite, keys (frame, x of centre, y of feet) and optionally a scale; "props" are
# static objects (x1, y1, x2, y2), drawn over every person whose feet are above their bottom edge. Feet lower
# on screen are nearer and drawn over the others, so a person higher up passes behind.
SCENARIOS = {
    "crossing": {
        "frames": 150,
        "line": ["gate", 40, 440, 740, 440],
        "zone": ["bench", 480, 300, 720, 300, 720, 460, 480, 460],
        "actors": [
            (0, [(0, 60, 330), (140, 700, 340)]),     # left to right, upper lane
            (1, [(0, 700, 350), (140, 60, 345)]),     # right to left: crosses actor 0
            (2, [(5, 180, 230), (120, 200, 560)]),    # walks down across the gate
            (3, [(10, 380, 565), (130, 360, 240)]),   # walks up across the gate
            (4, [(0, 620, 250), (30, 600, 420), (90, 600, 420), (130, 740, 430)]),  # into the bench zone, stops
            (5, [(20, 740, 425), (140, 40, 435)]),    # passes in front of the one who stopped, and of 3
        ],
    },
    "occlusion": {
        "frames": 160,
        "line": ["gate", 100, 490, 700, 490],
        "zone": ["bay", 40, 395, 260, 395, 260, 520, 40, 520],
        "actors": [
            (1, [(0, 100, 300), (150, 680, 300)]),                    # slow, far lane
            (0, [(0, 680, 318), (150, 100, 318)]),                    # nearer lane, meets actor 1 head on
            (3, [(10, 300, 240), (60, 320, 420), (150, 330, 575)]),   # down through both lanes and the gate
            (2, [(0, 520, 575), (150, 480, 250)]),                    # up through the gate and both lanes
            (5, [(30, 40, 470), (70, 180, 470), (120, 180, 470), (159, 150, 610)]),  # waits in the bay, leaves down
            (4, [(0, 740, 420), (150, 40, 425)]),                     # long crossing in front of the lanes
        ],
    },
    # Two look-alikes (one cut-out, the one behind at 85 %): the one behind catches up with the other, walks
    # wholly hidden behind them for 40 frames (1.6 s) and then leaves up and to the right.
    "lookalike": {
        "frames": 170,
        "line": ["gate", 40, 500, 740, 500],
        "zone": ["corner", 560, 420, 760, 420, 760, 570, 560, 570],
        "actors": [
            (0, [(0, 60, 420), (160, 720, 420)]),                     # in front, walks right
            (0, [(0, 80, 300), (40, 225, 420), (80, 390, 420), (160, 600, 280)], 0.85, "behind"),
            (3, [(0, 700, 250), (160, 100, 262)]),                    # far lane, right to left
            (5, [(20, 640, 230), (165, 660, 575)]),                   # walks down through the gate
        ],
    },
    # A person walks behind a pillar and is wholly hidden for about 2 s; others pass in front of it.
    "pillar": {
        "frames": 200,
        "line": ["gate", 600, 300, 600, 570],
        "zone": ["plaza", 520, 300, 760, 300, 760, 570, 520, 570],
        "props": [(320, 150, 480, 470)],
        "actors": [
            (4, [(0, 130, 400), (199, 620, 400)]),                    # wholly behind the pillar for about 2 s
            (1, [(0, 720, 530), (199, 60, 540)]),                     # in front of the pillar, right to left
            (3, [(0, 100, 250), (199, 300, 240)]),                    # far lane, slow
        ],
    },
}


def draw_prop(canvas, box):
    """A concrete pillar: grey with a fixed grain and darker edges."""
    x1, y1, x2, y2 = box
    rng = np.random.default_rng(7)
    grain = rng.integers(-12, 13, size=(y2 - y1, x2 - x1, 1))
    pillar = np.clip(np.array([118, 122, 128]) + grain, 0, 255).astype(np.uint8)
    pillar[:, :6] = (pillar[:, :6] * 0.6).astype(np.uint8)
    pillar[:, -6:] = (pillar[:, -6:] * 0.6).astype(np.uint8)
    canvas[y1:y2, x1:x2] = pillar


def scaled(sprite, scale):
    """A cut-out at another size (a person further away)."""
    if scale == 1.0:
        return sprite
    pixels, blob = sprite
    size = (max(1, int(round(blob.shape[1] * scale))), max(1, int(round(blob.shape[0] * scale))))
    return (cv2.resize(pixels, size, interpolation=cv2.INTER_AREA),
            (cv2.resize(blob, size, interpolation=cv2.INTER_NEAREST) > 0).astype(np.uint8))


def crossings_of_paths(tracks, frames):
    """How many times two people's paths cross: their boxes start to overlap by more than half a width."""
    count = 0
    ids = sorted(tracks)
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            together = False
            for f in range(frames):
                ba, bb = tracks[ids[a]].get(f), tracks[ids[b]].get(f)
                close = ba is not None and bb is not None and overlap_x(ba, bb) > 0.5
                if close and not together:
                    count += 1
                together = close
    return count


def overlap_x(a, b):
    inter = min(a[2], b[2]) - max(a[0], b[0])
    return max(0, inter) / min(a[2] - a[0], b[2] - b[0]) if abs(a[3] - b[3]) < 60 else 0


def expected_counts(tracks, line, zone, frames, size):
    """Line crossings and zone visits of the ground-truth tracks (centre anchor), by the rules vision documents:
    a side counts only beyond a dead band of 1 % of the frame's larger side (at least 2 px), once per track and
    direction, within the segment; a zone change counts once it holds for two frames."""
    name, x1, y1, x2, y2 = line
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    margin = max(2.0, 0.01 * max(size))
    counts = {"in": 0, "out": 0}
    poly = np.array(zone[1:], dtype=np.float32).reshape(-1, 2)
    visits = 0
    for track in tracks.values():
        side, last, counted = 0, None, set()
        inside, pending = False, 0
        for f in range(frames):
            box = track.get(f)
            if box is None:
                continue
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            distance = (dx * (cy - y1) - dy * (cx - x1)) / length
            s = 1 if distance > margin else -1 if distance < -margin else 0
            if s != 0:
                if side != 0 and s != side:
                    along = ((cx - x1) * dx + (cy - y1) * dy) / length
                    direction = "in" if s > 0 else "out"
                    if -margin <= along <= length + margin and direction not in counted:
                        counted.add(direction)
                        counts[direction] += 1
                side = s
            now = cv2.pointPolygonTest(poly, (float(cx), float(cy)), False) > 0
            pending = 0 if now == inside else pending + 1
            if pending >= 2:
                inside, pending = now, 0
                visits += 1 if inside else 0
    return {"line": {name: counts}, "zone": {zone[0]: {"entered": visits}}}


def make(name, spec, sprites, background, out):
    h, w = background.shape[:2]
    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "img1"), exist_ok=True)
    os.makedirs(os.path.join(folder, "gt"), exist_ok=True)
    tracks = {i + 1: {} for i in range(len(spec["actors"]))}
    rows = []
    for f in range(spec["frames"]):
        canvas = background.copy()
        placed = []
        for i, actor in enumerate(spec["actors"]):
            sprite, keys = actor[0], actor[1]
            p = position(keys, f)
            if p is None:
                continue
            pixels, blob = scaled(sprites[sprite], actor[2] if len(actor) > 2 else 1.0)
            sh, sw = blob.shape
            feet = p[1]
            if len(actor) > 3 and actor[3] == "behind":
                # wholly within the first actor's box: its top a little below theirs, its feet above theirs
                front_h = sprites[spec["actors"][0][0]][1].shape[0]
                feet = p[1] - 0.08 * front_h
            x0, y0 = int(round(p[0] - sw / 2)), int(round(feet - sh))
            placed.append((feet, i + 1, x0, y0, pixels, blob))
        placed.sort(key=lambda a: (a[0], a[1]))  # far (small y) first, near last
        props = sorted(spec.get("props", []), key=lambda b: b[3])
        visible = {}
        cover = np.zeros((h, w), np.int32)
        for feet, tid, x0, y0, pixels, blob in placed:
            while props and props[0][3] <= feet:
                box = props.pop(0)
                draw_prop(canvas, box)
                cover[box[1]:box[3], box[0]:box[2]] = 0
            sh, sw = blob.shape
            xa, ya, xb, yb = max(0, x0), max(0, y0), min(w, x0 + sw), min(h, y0 + sh)
            if xa >= xb or ya >= yb:
                continue
            region = blob[ya - y0:yb - y0, xa - x0:xb - x0].astype(bool)
            canvas[ya:yb, xa:xb][region] = pixels[ya - y0:yb - y0, xa - x0:xb - x0][region]
            cover[ya:yb, xa:xb][region] = tid
            tracks[tid][f] = (xa, ya, xb, yb)
        for box in props:
            draw_prop(canvas, box)
            cover[box[1]:box[3], box[0]:box[2]] = 0
        for tid, box in ((t, tracks[t].get(f)) for t in tracks):
            if box is None:
                continue
            own = int(np.count_nonzero(cover[box[1]:box[3], box[0]:box[2]] == tid))
            visible[tid] = own
        for _, tid, x0, y0, pixels, blob in placed:
            box = tracks[tid].get(f)
            if box is None:
                continue
            area = max(1, int(blob.sum()))
            visibility = min(1.0, visible[tid] / area)
            rows.append("%d,%d,%d,%d,%d,%d,%d,1,%.3f" % (f + 1, tid, box[0], box[1], box[2] - box[0],
                                                         box[3] - box[1], 1 if visibility >= 0.05 else 0,
                                                         visibility))
        cv2.imwrite(os.path.join(folder, "img1", "%06d.jpg" % (f + 1)), canvas, [cv2.IMWRITE_JPEG_QUALITY, 95])
    rows.sort(key=lambda r: (int(r.split(",")[0]), int(r.split(",")[1])))
    with open(os.path.join(folder, "gt", "gt.txt"), "w") as gt:
        gt.write("\n".join(rows) + "\n")
    with open(os.path.join(folder, "seqinfo.ini"), "w") as ini:
        ini.write("[Sequence]\nname=%s\nimDir=img1\nframeRate=%d\nseqLength=%d\nimWidth=%d\nimHeight=%d\n"
                  "imExt=.jpg\n" % (name, FPS, spec["frames"], w, h))
    expected = expected_counts(tracks, spec["line"], spec["zone"], spec["frames"], (w, h))
    expected["line_spec"] = "%s=%s" % (spec["line"][0], ",".join(str(v) for v in spec["line"][1:]))
    expected["zone_spec"] = "%s=%s" % (spec["zone"][0], ",".join(str(v) for v in spec["zone"][1:]))
    expected["people"] = len(spec["actors"])
    expected["path_crossings"] = crossings_of_paths(tracks, spec["frames"])
    # the speed of each person who walks one straight line at one pace, in pixels per second
    expected["speeds_px_per_s"] = {
        str(i + 1): round(((a[1][1][1] - a[1][0][1]) ** 2 + (a[1][1][2] - a[1][0][2]) ** 2) ** 0.5
                          / (a[1][1][0] - a[1][0][0]) * FPS, 3)
        for i, a in enumerate(spec["actors"]) if len(a[1]) == 2 and len(a) <= 2}
    with open(os.path.join(folder, "expected.json"), "w") as e:
        json.dump(expected, e, indent=2)
    # the count ground truth in the form `vision eval count --gt` reads: the people's crossings and visits
    counts = {"class": "person",
              "lines": {n: {"in": c["in"], "out": c["out"]} for n, c in expected["line"].items()},
              "zones": {n: {"visits": c["entered"]} for n, c in expected["zone"].items()}}
    with open(os.path.join(folder, "counts.json"), "w") as c:
        json.dump(counts, c, indent=2)
    return expected


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    frames = read_frames(sys.argv[1])
    background = clean_background(frames)
    sprites = cut_people(frames, np.median(np.stack(frames[::3]), axis=0).astype(np.uint8))
    for name, spec in SCENARIOS.items():
        e = make(name, spec, sprites, background, sys.argv[2])
        print("%s: %s" % (name, json.dumps(e)))


if __name__ == "__main__":
    main()
