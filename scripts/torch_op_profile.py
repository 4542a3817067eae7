#!/usr/bin/python3
"""Where a TorchScript forward pass spends its time, op by op: Python torch against vision's libtorch.

  /usr/bin/python3 scripts/torch_op_profile.py MODEL.torchscript.pt VISION_TRACE.json [--threads 1] [--passes 10]

VISION_TRACE.json comes from `vision bench SOURCE --engine pytorch --threads N --passes P --trace FILE`
(the same model file, the same threads). This script profiles P passes of the same file through the
torch of this Python (after 10 warm-up passes) on a random 416x416 input, then prints both profiles side
by side: each op's own time per forward pass (its children's time taken out) and its calls per pass.
A reference tool, not part of the product.
"""
import argparse
import collections
import json
import os
import tempfile

import torch


def self_times(trace_path, passes):
    """Own time (ms per pass) and calls per pass of each op name in a Chrome trace of `passes` passes."""
    with open(trace_path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    events = [e for e in events if e.get("ph") == "X" and "dur" in e]
    events.sort(key=lambda e: (e.get("tid"), e["ts"], -e["dur"]))
    own = {}
    open_events = []
    for e in events:
        while open_events and (open_events[-1].get("tid") != e.get("tid")
                               or open_events[-1]["ts"] + open_events[-1]["dur"] <= e["ts"]):
            open_events.pop()
        own[id(e)] = e["dur"]
        if open_events:
            own[id(open_events[-1])] -= e["dur"]
        open_events.append(e)
    total = collections.Counter()
    calls = collections.Counter()
    for e in events:
        total[e["name"]] += own[id(e)]
        calls[e["name"]] += 1
    return ({k: v / 1000 / passes for k, v in total.items()}, {k: v / passes for k, v in calls.items()})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("vision_trace")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--passes", type=int, default=10, help="the --passes the vision trace was made with")
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--top", type=int, default=12)
    a = ap.parse_args()
    torch.set_num_interop_threads(1)
    torch.set_num_threads(a.threads)
    model = torch.jit.load(a.model, map_location="cpu").eval()
    x = torch.rand(1, 3, a.size, a.size, generator=torch.Generator().manual_seed(0)) * 255
    with torch.inference_mode():
        for _ in range(10):
            model(x)
        with torch.autograd.profiler.profile() as prof:
            for _ in range(a.passes):
                model(x)
    with tempfile.TemporaryDirectory() as tmp:
        ours = os.path.join(tmp, "python.json")
        prof.export_chrome_trace(ours)
        py, py_calls = self_times(ours, a.passes)
    vi, vi_calls = self_times(a.vision_trace, a.passes)
    names = sorted(set(py) | set(vi), key=lambda k: -(py.get(k, 0) + vi.get(k, 0)))
    print(f"{'op':<34} {'torch ' + torch.__version__ + ' ms':>18} {'vision ms':>10} {'calls':>11}")
    for k in names[:a.top]:
        print(f"{k[:34]:<34} {py.get(k, 0):>18.2f} {vi.get(k, 0):>10.2f} {py_calls.get(k, 0):>5.0f}/{vi_calls.get(k, 0):<5.0f}")
    print(f"{'all ops':<34} {sum(py.values()):>18.2f} {sum(vi.values()):>10.2f}")


if __name__ == "__main__":
    main()
