#!/usr/bin/python3
"""Independent reference numbers for `vision eval`, computed in Python with torch (Debian's /usr/bin/python3).

    /usr/bin/python3 scripts/reference_eval.py detect ../shared/media/coco128
    /usr/bin/python3 scripts/reference_eval.py classify ../shared/media/imagenet-samples [int8|fp32]

detect: YOLOX-Nano TorchScript through torch, pre/post-processing from ../shared/bench/common.py (conf 0.001,
NMS IoU 0.65, 100 boxes per image), and a COCO-style mAP written here in numpy (101 recall points,
greedy best-IoU matching in score order, classes with ground truth averaged).
classify: MobileNetV2 through torch, int8 (default) or fp32; short side to 256 (area interpolation), centre crop 224,
RGB / 255, ImageNet mean and std; top-1 and top-5 against the WordNet id in each file name.
"""
import glob
import json
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "..", "..", "shared", "bench")
MODELS = os.path.join(HERE, "..", "..", "shared", "models")


def iou_one_to_many(b, boxes):
    x1 = np.maximum(b[0], boxes[:, 0]); y1 = np.maximum(b[1], boxes[:, 1])
    x2 = np.minimum(b[2], boxes[:, 2]); y2 = np.minimum(b[3], boxes[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = lambda x: (x[..., 2] - x[..., 0]) * (x[..., 3] - x[..., 1])
    return inter / (area(b) + area(boxes) - inter + 1e-12)


def coco_ap(dets, gts, cls, thr):
    """dets: list of (image, score, box); gts: {image: [(cls, box)]}."""
    d = sorted([x for x in dets if x[3] == cls], key=lambda x: -x[1])
    n_gt = sum(1 for v in gts.values() for g in v if g[0] == cls)
    used = {}
    tp = np.zeros(len(d))
    for i, (img, score, box, _) in enumerate(d):
        g = [(j, gb) for j, (gc, gb) in enumerate(gts.get(img, [])) if gc == cls]
        taken = used.setdefault(img, set())
        best, best_iou = -1, thr
        for j, gb in g:
            if j in taken:
                continue
            iou = iou_one_to_many(np.array(box), np.array([gb]))[0]
            if iou >= best_iou:
                best, best_iou = j, iou
        if best >= 0:
            taken.add(best); tp[i] = 1
    ctp = np.cumsum(tp)
    prec = ctp / np.arange(1, len(d) + 1) if len(d) else np.zeros(0)
    rec = ctp / n_gt if len(d) else np.zeros(0)
    for i in range(len(prec) - 2, -1, -1):
        prec[i] = max(prec[i], prec[i + 1])
    total = 0.0
    for r in np.linspace(0, 1, 101):
        k = np.searchsorted(rec, r, side="left")
        total += prec[k] if k < len(prec) else 0.0
    return total / 101


def detect(data):
    sys.path.insert(0, BENCH)
    import common
    det = common.Yolox("torch", threads=2)
    images = sorted(glob.glob(os.path.join(data, "images", "**", "*.jpg"), recursive=True))
    dets, gts = [], {}
    for path in images:
        img = cv2.imread(path)
        h, w = img.shape[:2]
        boxes, scores, classes = det.detect(img, conf=0.001, iou=0.65, max_det=100)
        for b, s, c in zip(boxes, scores, classes):
            dets.append((path, float(s), [float(v) for v in b], int(c)))
        label = path.replace(os.sep + "images" + os.sep, os.sep + "labels" + os.sep).rsplit(".", 1)[0] + ".txt"
        gts[path] = []
        if os.path.exists(label):
            for line in open(label):
                if line.strip():
                    c, cx, cy, bw, bh = map(float, line.split()[:5])
                    gts[path].append((int(c), [(cx - bw / 2) * w, (cy - bh / 2) * h, (cx + bw / 2) * w, (cy + bh / 2) * h]))
    classes = sorted({g[0] for v in gts.values() for g in v})
    thresholds = np.arange(0.5, 0.951, 0.05)
    aps = np.array([[coco_ap(dets, gts, c, t) for t in thresholds] for c in classes])
    print(f"images {len(images)} boxes {sum(len(v) for v in gts.values())} classes {len(classes)}")
    print(f"mAP@0.5 {100 * aps[:, 0].mean():.2f} %   mAP@0.5:0.95 {100 * aps.mean():.2f} %")


def classify(data, precision="int8"):
    import torch
    torch.set_num_threads(2)
    names = {"int8": "mobilenet_v2_int8_imagenet.torchscript.pt", "fp32": "mobilenet_v2_fp32_imagenet.torchscript.pt"}
    if precision not in names:
        sys.exit(f"reference_eval.py: the precision is int8 or fp32, not '{precision}'")
    name = names[precision]
    model = torch.jit.load(os.path.join(MODELS, name), map_location="cpu").eval()
    index = json.load(open(os.path.join(data, "imagenet_class_index.json")))
    by_wnid = {v[0]: int(k) for k, v in index.items()}
    mean = np.array([0.485, 0.456, 0.406], np.float32); std = np.array([0.229, 0.224, 0.225], np.float32)
    top1 = top5 = n = 0
    for path in sorted(glob.glob(os.path.join(data, "*.JPEG")) + glob.glob(os.path.join(data, "*.jpg"))):
        truth = by_wnid[os.path.basename(path).split("_")[0]]
        img = cv2.imread(path)
        h, w = img.shape[:2]
        if w >= h:
            nh, nw = 256, int(256 * w / h)
        else:
            nw, nh = 256, int(256 * h / w)
        r = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA if nw < w else cv2.INTER_LINEAR)
        y0, x0 = int(round((nh - 224) / 2.0)), int(round((nw - 224) / 2.0))
        crop = r[y0:y0 + 224, x0:x0 + 224, ::-1].astype(np.float32) / 255.0
        x = torch.from_numpy(((crop - mean) / std).transpose(2, 0, 1)[None].copy())
        with torch.no_grad():
            logits = model(x)[0]
        best = torch.topk(logits, 5).indices.tolist()
        top1 += best[0] == truth; top5 += truth in best; n += 1
    print(f"images {n}   top-1 {100 * top1 / n:.2f} %   top-5 {100 * top5 / n:.2f} %")


if __name__ == "__main__":
    {"detect": detect, "classify": classify}[sys.argv[1]](*sys.argv[2:])
