#!/usr/bin/python3
"""Makes an end-to-end detector for tests (ONNX opset 12): the bundled YOLOX-Nano ONNX wrapped so that it takes what
Ultralytics' exports take (centred letterbox, RGB, values 0-1, [1,3,416,416]) and gives what YOLOv10 / YOLO26
end-to-end exports give: [1,300,6] rows of x1, y1, x2, y2 (input pixels), score, class, best first, padded
with zero rows, NMS done inside. Decode and NMS follow the YOLOX contract in ../shared/models/README.md
(class-wise NMS at IoU 0.45 over each anchor's best class). Needs Debian's python3-onnx and python3-numpy.

Usage: /usr/bin/python3 scripts/make_e2e_model.py YOLOX_ONNX OUT_ONNX
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROWS = 300
SIZE = 416


def constant(name, array):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(array), name + "_value"))


def main(source, target):
    yolox = onnx.load(source)
    graph = yolox.graph
    for node in graph.node:  # the original network reads the converted input
        node.input[:] = ["images_bgr255" if i == "images" else i for i in node.input]
    grids, strides = [], []
    for stride in (8, 16, 32):
        n = SIZE // stride
        for gy in range(n):
            for gx in range(n):
                grids.append((gx, gy))
                strides.append((stride,))
    nodes = [
        # Ultralytics' input (RGB, 0-1) to YOLOX's (BGR, 0-255)
        constant("c255", np.float32(255)),
        helper.make_node("Mul", ["images", "c255"], ["images_rgb255"]),
        constant("bgr_order", np.array([2, 1, 0], dtype=np.int64)),
        helper.make_node("Gather", ["images_rgb255", "bgr_order"], ["images_bgr255"], axis=1),
    ]
    nodes += list(graph.node)
    nodes += [
        constant("grid", np.array([grids], dtype=np.float32)),
        constant("stride", np.array([strides], dtype=np.float32)),
        constant("half", np.float32(0.5)),
        constant("s0", np.array([0], dtype=np.int64)), constant("s2", np.array([2], dtype=np.int64)),
        constant("s4", np.array([4], dtype=np.int64)), constant("s5", np.array([5], dtype=np.int64)),
        constant("s85", np.array([85], dtype=np.int64)), constant("ax2", np.array([2], dtype=np.int64)),
        helper.make_node("Slice", ["output", "s0", "s2", "ax2"], ["raw_xy"]),
        helper.make_node("Slice", ["output", "s2", "s4", "ax2"], ["raw_wh"]),
        helper.make_node("Slice", ["output", "s4", "s5", "ax2"], ["objectness"]),
        helper.make_node("Slice", ["output", "s5", "s85", "ax2"], ["class_scores"]),
        helper.make_node("Add", ["raw_xy", "grid"], ["xy_cells"]),
        helper.make_node("Mul", ["xy_cells", "stride"], ["xy"]),
        helper.make_node("Exp", ["raw_wh"], ["wh_cells"]),
        helper.make_node("Mul", ["wh_cells", "stride"], ["wh"]),
        helper.make_node("Mul", ["wh", "half"], ["half_wh"]),
        helper.make_node("Sub", ["xy", "half_wh"], ["x1y1"]),
        helper.make_node("Add", ["xy", "half_wh"], ["x2y2"]),
        helper.make_node("Concat", ["x1y1", "x2y2"], ["boxes"], axis=2),                    # [1,A,4]
        helper.make_node("Mul", ["class_scores", "objectness"], ["scores"]),                # [1,A,80]
        # each anchor keeps only its best class, as vision's decoders do
        helper.make_node("ReduceMax", ["scores"], ["best"], axes=[2], keepdims=1),
        helper.make_node("Equal", ["scores", "best"], ["is_best"]),
        helper.make_node("Cast", ["is_best"], ["is_best_f"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["scores", "is_best_f"], ["best_scores"]),
        helper.make_node("Transpose", ["best_scores"], ["scores_by_class"], perm=[0, 2, 1]),  # [1,80,A]
        constant("max_per_class", np.array([ROWS], dtype=np.int64)),
        constant("iou", np.array([0.45], dtype=np.float32)),
        constant("score_floor", np.array([0.001], dtype=np.float32)),
        helper.make_node("NonMaxSuppression", ["boxes", "scores_by_class", "max_per_class", "iou", "score_floor"],
                         ["selected"]),                                                       # [K,3]
        constant("one", np.array(1, dtype=np.int64)), constant("two", np.array(2, dtype=np.int64)),
        helper.make_node("Gather", ["selected", "one"], ["sel_class"], axis=1),              # [K]
        helper.make_node("Gather", ["selected", "two"], ["sel_box"], axis=1),                # [K]
        constant("zero_scalar", np.array(0, dtype=np.int64)),
        helper.make_node("Gather", ["boxes", "zero_scalar"], ["boxes0"], axis=0),            # [A,4]
        helper.make_node("Gather", ["scores_by_class", "zero_scalar"], ["scores0"], axis=0),  # [80,A]
        helper.make_node("Gather", ["boxes0", "sel_box"], ["sel_boxes"], axis=0),            # [K,4]
        helper.make_node("Slice", ["selected", "s_one", "s_three", "s_ax1"], ["class_box"]),  # [K,2]
        constant("s_one", np.array([1], dtype=np.int64)), constant("s_three", np.array([3], dtype=np.int64)),
        constant("s_ax1", np.array([1], dtype=np.int64)),
        helper.make_node("GatherND", ["scores0", "class_box"], ["sel_scores"]),              # [K]
        helper.make_node("Unsqueeze", ["sel_scores"], ["sel_scores_col"], axes=[1]),
        helper.make_node("Cast", ["sel_class"], ["sel_class_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["sel_class_f"], ["sel_class_col"], axes=[1]),
        helper.make_node("Concat", ["sel_boxes", "sel_scores_col", "sel_class_col"], ["rows_unsorted"], axis=1),
        # best first, at most ROWS, then zero rows up to ROWS
        helper.make_node("Shape", ["sel_scores"], ["k_vec"]),
        constant("rows_vec", np.array([ROWS], dtype=np.int64)),
        helper.make_node("Min", ["k_vec", "rows_vec"], ["k_kept"]),
        helper.make_node("TopK", ["sel_scores", "k_kept"], ["top_scores", "top_index"], axis=0),
        helper.make_node("Gather", ["rows_unsorted", "top_index"], ["rows_sorted"], axis=0),
        helper.make_node("Sub", ["rows_vec", "k_kept"], ["missing"]),
        constant("zero1", np.array([0], dtype=np.int64)),
        # Pad's pads are [begin_0, begin_1, end_0, end_1]: nothing before, the missing rows after
        helper.make_node("Concat", ["zero1", "zero1", "missing", "zero1"], ["pads"], axis=0),
        helper.make_node("Pad", ["rows_sorted", "pads"], ["rows_padded"], mode="constant"),
        helper.make_node("Unsqueeze", ["rows_padded"], ["detections"], axes=[0]),
    ]
    # constants before their users
    consts = [n for n in nodes if n.op_type == "Constant"]
    others = [n for n in nodes if n.op_type != "Constant"]
    new_input = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, SIZE, SIZE])
    new_output = helper.make_tensor_value_info("detections", TensorProto.FLOAT, [1, ROWS, 6])
    wrapped = helper.make_graph(consts + others, "yolox_nano_e2e", [new_input], [new_output],
                                initializer=list(graph.initializer))
    model = helper.make_model(wrapped, opset_imports=[helper.make_opsetid("", 12)],
                              producer_name="vision scripts/make_e2e_model.py")
    model.ir_version = yolox.ir_version
    onnx.checker.check_model(model)
    onnx.save(model, target)
    print(f"{target}: [1,3,{SIZE},{SIZE}] RGB 0-1 in, [1,{ROWS},6] x1,y1,x2,y2,score,class out")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
