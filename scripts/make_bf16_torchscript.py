#!/usr/bin/python3
"""A TorchScript detector with its weights and arithmetic in bfloat16 and float32 at its edges, so that
vision loads and feeds it like the float32 file. A measurement tool for BENCHMARKS.md (reduced precision),
not a shipped model: on this machine it was no faster.

  /usr/bin/python3 scripts/make_bf16_torchscript.py IN.torchscript.pt OUT.torchscript.pt
"""
import sys

import torch


class Bf16Inside(torch.nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x.to(torch.bfloat16)).float()


def main():
    src, dst = sys.argv[1], sys.argv[2]
    inner = torch.jit.load(src, map_location="cpu").eval()
    # a file converted from ONNX keeps its weights as graph constants, which .to() does not reach
    made = 0
    for node in inner.graph.findAllNodes("prim::Constant"):
        if node.output().type().kind() == "TensorType" and node.t("value").is_floating_point():
            node.t_("value", node.t("value").bfloat16())
            made += 1
    torch.jit.script(Bf16Inside(inner)).save(dst)
    x = torch.rand(1, 3, 416, 416, generator=torch.Generator().manual_seed(0)) * 255
    with torch.inference_mode():
        a = torch.jit.load(src)(x)
        b = torch.jit.load(dst)(x)
    print(f"{dst}: {made} constants in bfloat16; largest difference to float32 on a random input: "
          f"{(a - b).abs().max().item():.3f}")


if __name__ == "__main__":
    main()
