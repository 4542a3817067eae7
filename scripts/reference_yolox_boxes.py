#!/usr/bin/python3
"""Reference YOLOX-Nano boxes through OpenCV's DNN module (not vision's code), for checking vision's
decoders: the best box of each class on one image, as JSON {"dog": [score, x1, y1, x2, y2], ...} in
original pixels. --placement top-left is YOLOX's own letterbox; centre is Ultralytics' (what the end-to-end
family feeds, see scripts/make_e2e_model.py). Decode as in ../shared/models/README.md; no NMS (the best box
of a class is the one NMS keeps first).

Usage: /usr/bin/python3 scripts/reference_yolox_boxes.py UPSTREAM_B1_ONNX IMAGE LABELS [--placement centre]
(Debian's python3-opencv and python3-numpy; OpenCV 4.6 reads the upstream batch-1 export)
"""
import argparse
import json

import cv2
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("image")
    ap.add_argument("labels")
    ap.add_argument("--placement", choices=["top-left", "centre"], default="top-left")
    args = ap.parse_args()
    names = [line.strip() for line in open(args.labels) if line.strip()]
    net = cv2.dnn.readNetFromONNX(args.model)
    image = cv2.imread(args.image)
    h, w = image.shape[:2]
    r = min(416 / h, 416 / w)
    nh, nw = int(round(h * r)), int(round(w * r))
    top, left = ((416 - nh) // 2, (416 - nw) // 2) if args.placement == "centre" else (0, 0)
    canvas = np.full((416, 416, 3), 114, np.uint8)
    canvas[top:top + nh, left:left + nw] = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR)
    net.setInput(canvas.transpose(2, 0, 1)[None].astype(np.float32))
    out = net.forward()[0]
    grids, strides = [], []
    for s in (8, 16, 32):
        n = 416 // s
        gy, gx = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        grids.append(np.stack([gx.ravel(), gy.ravel()], 1))
        strides.append(np.full((n * n, 1), s))
    grid, stride = np.concatenate(grids), np.concatenate(strides)
    xy = (out[:, :2] + grid) * stride
    wh = np.exp(out[:, 2:4]) * stride
    scores = out[:, 4:5] * out[:, 5:]
    cls, best = scores.argmax(1), scores.max(1)
    result = {}
    for c in sorted(set(cls[best >= 0.25].tolist())):
        i = int(np.argmax(np.where(cls == c, best, 0)))
        box = np.concatenate([xy[i] - wh[i] / 2, xy[i] + wh[i] / 2])
        box[[0, 2]] -= left
        box[[1, 3]] -= top
        result[names[c]] = [round(float(best[i]), 4)] + [round(float(v), 2) for v in box / r]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
