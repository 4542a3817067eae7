#!/usr/bin/python3
"""YOLOX-Nano's ONNX file made int8 in ONNX Runtime's QDQ form, to measure whether reduced precision pays
(BENCHMARKS.md). A measurement tool, not a shipped model: it is 1.5x faster but loses 12 points of mAP.

  /usr/bin/python3 scripts/int8_calibration_inputs.py MODEL.onnx ALL_OUTPUTS.onnx IMAGES_DIR INPUTS_DIR 64
  java -cp vision-app/target/vision-app.jar scripts/java/Int8Calibrate.java ALL_OUTPUTS.onnx INPUTS_DIR RANGES.json mean
  /usr/bin/python3 scripts/make_int8_qdq_probe.py MODEL.onnx OUT_INT8.onnx RANGES.json [KEEP_FLOAT.txt]

KEEP_FLOAT.txt (optional) names tensors, comma- or line-separated, left in float: a convolution whose input
stays float runs in float, with its weights still rounded to int8 (BENCHMARKS.md: the stem and the first
stage are the sensitive ones, and keeping them float gives back the accuracy and the speed alike).

Weights: int8, symmetric, one scale per output channel; biases int32 at the input scale times the weight
scale. Activations: uint8 on every float output of Conv, Sigmoid, Mul, Add, Concat, MaxPool and Resize,
over the range RANGES.json gives (mean of each image's min and max: the plain min-max lost far more),
except the head's last stretch, where boxes in pixels and scores in 0..1 share one tensor. ONNX Runtime
fuses the pairs into QLinearConv, QLinearMul and the like when it loads the file.
"""
import sys, json
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto, version_converter, shape_inference

src, dst = sys.argv[1], sys.argv[2]
ranges = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else {}
m = version_converter.convert_version(onnx.load(src), 13)
m = shape_inference.infer_shapes(m)
g = m.graph
consts = {i.name: numpy_helper.to_array(i) for i in g.initializer}
for n in g.node:
    if n.op_type == "Constant":
        consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
float_tensors = {v.name for v in list(g.value_info) + list(g.input) if v.type.tensor_type.elem_type == TensorProto.FLOAT}
QUANT_OUT = {"Conv", "Sigmoid", "Mul", "Add", "Concat", "MaxPool", "Resize"}
graph_outputs = {o.name for o in g.output}
new_nodes, inits = [], []

missing = []
def act_params(name):
    if name not in ranges:
        missing.append(name)
    lo, hi = ranges.get(name, (0.0, 255.0) if name == "images" else (-8.0, 8.0))
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = max((hi - lo) / 255.0, 1e-8)
    zp = int(round(-lo / scale))
    return np.float32(scale), np.uint8(min(max(zp, 0), 255))

keep_float = set()
if len(sys.argv) > 4:
    keep_float = {t.strip() for t in open(sys.argv[4]).read().replace(",", "\n").split() if t.strip()}
quantized = {}  # tensor -> (dq name, scale)
def qdq(name):
    if name in keep_float:
        return
    s, z = act_params(name)
    sn, zn = name + "_s", name + "_z"
    inits.extend([numpy_helper.from_array(np.array(s, np.float32), sn), numpy_helper.from_array(np.array(z, np.uint8), zn)])
    new_nodes.append(helper.make_node("QuantizeLinear", [name, sn, zn], [name + "_q"]))
    new_nodes.append(helper.make_node("DequantizeLinear", [name + "_q", sn, zn], [name + "_dq"]))
    quantized[name] = (name + "_dq", float(s))

# the head's tail: tensors the output is made of without another conv (boxes in pixels and scores in
# 0..1 meet in one concat there, which one int8 scale cannot hold): left in float
producer = {o: n for n in g.node for o in n.output}
tail, stack = set(), [o.name for o in g.output]
while stack:
    t = stack.pop()
    if t in tail:
        continue
    tail.add(t)
    n = producer.get(t)
    if n is not None and n.op_type != "Conv":
        stack.extend(x for x in n.input if x)
for i in g.input:
    qdq(i.name)
for n in g.node:
    if n.op_type in QUANT_OUT:
        for o in n.output:
            if o in float_tensors:
                if o not in graph_outputs and o not in tail:
                    qdq(o)
rewritten = []
for n in g.node:
    if n.op_type == "Conv":
        x, w = n.input[0], n.input[1]
        W = consts[w].astype(np.float32)
        ws = np.maximum(np.abs(W.reshape(W.shape[0], -1)).max(1) / 127.0, 1e-8).astype(np.float32)
        Wq = np.clip(np.round(W / ws[:, None, None, None]), -127, 127).astype(np.int8)
        inits += [numpy_helper.from_array(Wq, w + "_wq"), numpy_helper.from_array(ws, w + "_ws"),
                  numpy_helper.from_array(np.zeros(len(ws), np.int8), w + "_wz")]
        new_nodes.append(helper.make_node("DequantizeLinear", [w + "_wq", w + "_ws", w + "_wz"], [w + "_wdq"], axis=0))
        ins = [quantized[x][0] if x in quantized else x, w + "_wdq"]
        if len(n.input) > 2 and x not in quantized:  # a float input: the bias stays float too
            ins.append(n.input[2])
        elif len(n.input) > 2:
            b = n.input[2]
            bs = (ws * quantized[x][1]).astype(np.float32)
            Bq = np.round(consts[b] / bs).astype(np.int32)
            inits += [numpy_helper.from_array(Bq, b + "_bq"), numpy_helper.from_array(bs, b + "_bs"),
                      numpy_helper.from_array(np.zeros(len(bs), np.int32), b + "_bz")]
            new_nodes.append(helper.make_node("DequantizeLinear", [b + "_bq", b + "_bs", b + "_bz"], [b + "_bdq"], axis=0))
            ins.append(b + "_bdq")
        n2 = helper.make_node("Conv", ins, list(n.output), name=n.name)
        n2.attribute.extend(n.attribute)
        rewritten.append(n2)
    else:
        n2 = onnx.NodeProto(); n2.CopyFrom(n)
        for k, x in enumerate(n2.input):
            if x in quantized and n.op_type != "Shape":
                n2.input[k] = quantized[x][0]
        rewritten.append(n2)
del g.node[:]
g.node.extend(new_nodes + rewritten)
g.initializer.extend(inits)
# topological order: Q/DQ of a tensor must follow its producer
order, done, pending = [], set(i.name for i in g.input) | set(i.name for i in g.initializer), list(g.node)
while pending:
    rest = []
    for n in pending:
        if all((x == "" or x in done) for x in n.input):
            order.append(n); done.update(n.output)
        else:
            rest.append(n)
    if len(rest) == len(pending):
        raise SystemExit("cycle or missing input: " + str(rest[0]))
    pending = rest
del g.node[:]
g.node.extend(order)
onnx.checker.check_model(m)
onnx.save(m, dst)
print("wrote", dst, "quantized tensors", len(quantized), "without a range:", missing[:5], len(missing))
