"""PyTorch reference for the browser fine-tuner's training parity (src/finetune/trainParity.test.ts).

Builds the network from an ONNX file's own graph and initializers (Conv, ConvTranspose, MaxPool, Relu, Concat:
what export_onnx.py writes, BatchNorm folded into Conv), runs N Adam steps on fixed inputs with the studio's
loss (train.py's BCE + soft Dice), and writes a JSON fixture: the inputs, the hyper-parameters, the loss of
every step and every initializer after the last step (float32, base64). The TF.js side must reproduce it.

    /usr/bin/python3 training/finetune_parity.py [--model public/models/fixture-tiny-unet.onnx] [--steps 3]
        [--out src/finetune/fixtures/tiny-adam3.json]
"""
import argparse
import base64
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train import soft_dice_loss  # noqa: E402  (the loss the bundled models were trained with)


class OnnxNet(torch.nn.Module):
    """An ONNX U-Net graph run op by op in torch, its initializers as parameters (NCHW, ONNX layouts)."""

    def __init__(self, model: onnx.ModelProto):
        super().__init__()
        g = model.graph
        self.nodes = list(g.node)
        self.names = [t.name for t in g.initializer]
        self.params = torch.nn.ParameterList(
            [torch.nn.Parameter(torch.from_numpy(numpy_helper.to_array(t).astype(np.float32).copy())) for t in g.initializer])
        inits = set(self.names)
        self.input = [i.name for i in g.input if i.name not in inits][0]
        self.output = g.output[0].name

    def forward(self, x):
        env = {self.input: x, **dict(zip(self.names, self.params))}
        for n in self.nodes:
            a = {at.name: onnx.helper.get_attribute_value(at) for at in n.attribute}
            ins = [env[i] for i in n.input if i]
            if n.op_type == "Conv":
                p = a.get("pads", [0, 0, 0, 0])
                assert p[0] == p[2] and p[1] == p[3], "asymmetric pads"
                y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]), (p[0], p[1]),
                             a.get("dilations", [1, 1]), a.get("group", 1))
            elif n.op_type == "ConvTranspose":
                y = F.conv_transpose2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, a.get("strides", [1, 1]))
            elif n.op_type == "MaxPool":
                y = F.max_pool2d(ins[0], a["kernel_shape"], a.get("strides"))
            elif n.op_type == "Relu":
                y = F.relu(ins[0])
            elif n.op_type == "Concat":
                y = torch.cat(ins, a["axis"])
            else:
                raise ValueError(f"op {n.op_type} not in the fine-tuner's op set")
            env[n.output[0]] = y
        return env[self.output]


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype="<f4").tobytes()).decode()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="public/models/fixture-tiny-unet.onnx")
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--out", default="src/finetune/fixtures/tiny-adam3.json")
    a = p.parse_args(argv)
    torch.manual_seed(a.seed)
    torch.set_num_threads(1)
    net = OnnxNet(onnx.load(a.model))
    # Inputs: a smooth-ish image and a mask that depends on it, so the loss has a signal to follow.
    x = torch.rand(a.batch, 1, a.size, a.size)
    x = F.avg_pool2d(x, 3, 1, 1)
    y = (x > x.mean()).float()
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    losses = []
    for _ in range(a.steps):
        opt.zero_grad()
        logits = net(x)
        loss = F.binary_cross_entropy_with_logits(logits, y) + soft_dice_loss(logits, y)
        loss.backward()
        opt.step()
        losses.append(float(loss))
    fixture = {
        "model": Path(a.model).name, "steps": a.steps, "lr": a.lr, "betas": [0.9, 0.999], "eps": 1e-8,
        "shape": [a.batch, 1, a.size, a.size], "x": b64(x.numpy()), "y": b64(y.numpy()), "losses": losses,
        "weights": {n: b64(t.detach().numpy()) for n, t in zip(net.names, net.params)},
        "torch": torch.__version__,
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(fixture) + "\n")
    print(f"{a.out}: {a.steps} Adam steps, losses {', '.join(f'{v:.5f}' for v in losses)}")


if __name__ == "__main__":
    main()
