#!/usr/bin/python3
"""The YOLOX-Nano TorchScript forward alone through Python torch, to set beside `vision bench --engine
pytorch` (same file, same threads, same batch). Reference tool, not part of the product.

  /usr/bin/python3 scripts/torch_forward_bench.py MODEL.torchscript.pt [--threads 1 2] [--batch 1 4]
      [--passes 40] [--variant plain|no-optimize|frozen|channels-last]

Prints one line per (threads, batch): median and p10/p90 ms per call, and ms per image.
"""
import argparse
import statistics
import time

import torch


def load(path, variant):
    m = torch.jit.load(path, map_location="cpu").eval()
    if variant == "frozen":
        m = torch.jit.optimize_for_inference(torch.jit.freeze(m))
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--passes", type=int, default=40)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--size", type=int, default=416)
    ap.add_argument("--variant", default="plain", choices=["plain", "no-optimize", "frozen", "channels-last"])
    a = ap.parse_args()
    torch.set_num_interop_threads(1)
    if a.variant == "no-optimize":
        torch._C._set_graph_executor_optimize(False)
    print("torch", torch.__version__, "variant", a.variant)
    gen = torch.Generator().manual_seed(0)
    for threads in a.threads:
        torch.set_num_threads(threads)
        for batch in a.batch:
            m = load(a.model, a.variant)
            x = torch.rand(batch, 3, a.size, a.size, generator=gen) * 255
            if a.variant == "channels-last":
                x = x.contiguous(memory_format=torch.channels_last)
            times = []
            with torch.inference_mode():
                for i in range(a.warmup + a.passes):
                    t0 = time.perf_counter()
                    m(x)
                    if i >= a.warmup:
                        times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            med = statistics.median(times)
            print(f"threads {threads} batch {batch}: {med:.2f} ms per call (p10 {times[len(times) // 10]:.2f}, "
                  f"p90 {times[len(times) * 9 // 10]:.2f}), {med / batch:.2f} ms per image")


if __name__ == "__main__":
    main()
