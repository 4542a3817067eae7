#!/usr/bin/env python3
"""Writes test-media.json: every media file the tests read, with its size, sha256 and where it comes from.

Usage: python3 scripts/make_test_media_manifest.py MEDIA_DIR VTEST_AVI > test-media.json

MEDIA_DIR is a folder holding the media (../shared/media here); VTEST_AVI is OpenCV 4.6.0's
samples/data/vtest.avi (Debian's opencv-doc ships the same file), the source of clips/vtest_first20s.mp4.
The checksums come from the files given; the URLs are where the same files are published.
"""
import hashlib
import json
import os
import sys

DARKNET = "https://raw.githubusercontent.com/pjreddie/darknet/f6afaabcdf85f77e7aff2ec55c020c0e297c77f9/data/"
SKIMAGE = "https://raw.githubusercontent.com/scikit-image/scikit-image/v0.19.3/skimage/data/"
OPENCV = "https://raw.githubusercontent.com/opencv/opencv/4.6.0/samples/data/"
IMAGENET_SAMPLES = "https://raw.githubusercontent.com/EliSchwartz/imagenet-sample-images/master/"
INTEL_VIDEOS = "https://raw.githubusercontent.com/intel-iot-devkit/sample-videos/master/"
CLASS_INDEX = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
COCO128_ZIP = "https://github.com/ultralytics/assets/releases/download/v0.0.0/coco128.zip"


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entry(root, rel, **origin):
    path = os.path.join(root, rel)
    return {"file": rel, "sha256": digest(path), "bytes": os.path.getsize(path), **origin}


def main(media, vtest_avi):
    files = []
    for name in sorted(os.listdir(os.path.join(media, "images"))):
        rel = "images/" + name
        if name in ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"):
            files.append(entry(media, rel, urls=[SKIMAGE + name]))
        elif name in ("fruits.jpg", "squirrel_cls.jpg"):
            files.append(entry(media, rel, urls=[OPENCV + name]))
        else:
            files.append(entry(media, rel, urls=[DARKNET + name]))
    files.append(entry(media, "clips/car-detection.mp4", urls=[INTEL_VIDEOS + "car-detection.mp4"]))
    source = entry(os.path.dirname(vtest_avi), os.path.basename(vtest_avi), urls=[OPENCV + "vtest.avi"])
    source["file"] = "clips/vtest.avi"
    files.append(source)
    files.append(entry(
        media,
        "clips/vtest_first20s.mp4",
        derive={"from": "clips/vtest.avi", "ffmpeg": ["-t", "20", "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
                "frames": 200}))
    folder = os.path.join(media, "imagenet-samples")
    for name in sorted(os.listdir(folder)):
        url = CLASS_INDEX if name == "imagenet_class_index.json" else IMAGENET_SAMPLES + name
        files.append(entry(media, "imagenet-samples/" + name, urls=[url]))
    files.append(entry(media, "coco128/coco.names", urls=[DARKNET + "coco.names"]))
    files.append(entry(
        media,
        "coco128/instances_train2017_coco128.json",
        mirror_only="the COCO 2017 train annotations of coco128's 128 images, cut from the 241 MB "
                    "annotations_trainval2017.zip; published nowhere as this file"))
    for sub in ("images/train2017", "labels/train2017"):
        for name in sorted(os.listdir(os.path.join(media, "coco128", sub))):
            files.append(entry(media, "coco128/" + sub + "/" + name, archive="coco128.zip"))
    manifest = {
        "about": "The media the tests read: each file's sha256 and size, and where it is published. "
                 "Made by scripts/make_test_media_manifest.py; README's 'Test media' says how they are found.",
        "archives": [{"name": "coco128.zip", "urls": [COCO128_ZIP]}],
        "files": files,
    }
    # one line per file, so that a change of one file is one line of diff
    out = sys.stdout
    out.write('{\n "about": %s,\n "archives": %s,\n "files": [\n' % (
        json.dumps(manifest["about"]), json.dumps(manifest["archives"])))
    out.write(",\n".join("  " + json.dumps(f) for f in files))
    out.write("\n ]\n}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
