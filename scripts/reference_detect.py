#!/usr/bin/python3
"""Python reference run of YOLOX-Nano on one image, for checking vision's boxes and per-stage times.

Run with Debian's Python (apt-get install -y python3-torch python3-opencv):
    /usr/bin/python3 scripts/reference_detect.py ../shared/media/images/dog.jpg --runs 30 --threads 2
Pre- and post-processing come from the shared bench helpers (../shared/bench/common.py); this script only
times them: the median over --runs warm repetitions of each stage.
"""
import argparse
import os
import statistics
import sys
import time

import cv2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("image")
    ap.add_argument("--bench", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "bench"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--conf", type=float, default=0.25)
    ap.add_argument("--iou", type=float, default=0.45)
    args = ap.parse_args()
    sys.path.insert(0, os.path.abspath(args.bench))
    import common  # noqa: E402  (shared helpers, not part of this repository)

    names = common.load_names()
    det = common.Yolox("torch", threads=args.threads)
    img = cv2.imread(args.image)
    times = {"preprocess": [], "inference": [], "postprocess": []}
    result = None
    for i in range(args.runs + 3):
        t0 = time.perf_counter()
        blob, r = common.yolox_blob(img)
        t1 = time.perf_counter()
        out = det.forward(blob)
        t2 = time.perf_counter()
        result = det.postprocess(out, r, img.shape, args.conf, args.iou)
        t3 = time.perf_counter()
        if i >= 3:  # the first calls optimise the TorchScript graph
            times["preprocess"].append((t1 - t0) * 1000)
            times["inference"].append((t2 - t1) * 1000)
            times["postprocess"].append((t3 - t2) * 1000)
    boxes, scores, classes = result
    for b, s, c in zip(boxes, scores, classes):
        print(f"{names[int(c)]:>12} {s:.3f} [{b[0]:.1f}, {b[1]:.1f}, {b[2]:.1f}, {b[3]:.1f}]")
    print("median ms over %d warm runs, torch %s, %d threads: " % (args.runs, det.torch.__version__, args.threads)
          + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in times.items()))


if __name__ == "__main__":
    main()
