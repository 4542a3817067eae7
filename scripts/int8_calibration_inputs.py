#!/usr/bin/python3
"""Calibration inputs for scripts/make_int8_qdq_probe.py: the model with every float tensor made an output,
and the first N images of a folder letterboxed as YOLOX takes them, one raw little-endian float32 file each.

  /usr/bin/python3 scripts/int8_calibration_inputs.py MODEL.onnx ALL_OUTPUTS.onnx IMAGES_DIR INPUTS_DIR N
"""
import glob
import os
import sys

import onnx
import numpy as np, cv2
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
from common import yolox_blob
from onnx import shape_inference, TensorProto, helper
src, out_model, img_dir, out_dir, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
m = shape_inference.infer_shapes(onnx.load(src))
have = {o.name for o in m.graph.output}
for v in m.graph.value_info:
    if v.type.tensor_type.elem_type == TensorProto.FLOAT and v.name not in have:
        m.graph.output.append(helper.make_tensor_value_info(v.name, TensorProto.FLOAT, None))
onnx.save(m, out_model)
os.makedirs(out_dir, exist_ok=True)
files = sorted(f for f in glob.glob(os.path.join(img_dir, "*")) if f.lower().endswith((".jpg", ".jpeg")))[:n]
for i, f in enumerate(files):
    blob, _ = yolox_blob(cv2.imread(f))
    blob.astype("<f4").tofile(os.path.join(out_dir, "%03d.f32" % i))
print(len(m.graph.output), "outputs;", len(files), "images")
