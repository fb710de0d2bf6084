"""Export the tiny random-weight fixture U-Net that tests and the UI e2e use before real models exist.

  /usr/bin/python3 training/export_fixtures.py

Writes public/models/fixture-tiny-unet.onnx, its card (marked "fixture": true) in public/models/models.json,
and src/test/fixtures/tiny-unet-parity.{bin,json} (a random input and the PyTorch logits). Deterministic:
the weights, BatchNorm running statistics and the parity input are all seeded.
"""
import sys
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from export_onnx import REPO, export, make_card, update_manifest, write_parity  # noqa: E402
from unet import UNet  # noqa: E402

FIXTURE_ID = "fixture-tiny-unet"


def tiny_unet(seed: int = 1234) -> UNet:
    """Depth 2, base 4, seeded weights; BatchNorm in eval mode with non-trivial running statistics."""
    torch.manual_seed(seed)
    model = UNet(depth=2, base=4, skip=True)
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                c = m.num_features
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.2)
                m.running_var.copy_(torch.rand(c, generator=g) * 1.5 + 0.25)
                m.weight.copy_(torch.rand(c, generator=g) + 0.5)
                m.bias.copy_(torch.randn(c, generator=g) * 0.1)
        # Calibrate the head so the logits of a typical input have median ~0 and spread ~2: thresholding at
        # 0.5 then gives a mask that depends on the input (roughly half foreground) instead of an empty one.
        model.eval()
        calib = torch.rand(2, 1, 64, 64, generator=g)
        y = model(calib)
        s = 2.0 / float(y.std())
        model.head.weight.mul_(s)
        model.head.bias.mul_(s)
        model.head.bias.sub_(float((model(calib)).median()))
    return model.eval()


def main():
    torch.set_num_threads(1)
    out = REPO / "public" / "models"
    model = tiny_unet()
    onnx_path = export(model, out / f"{FIXTURE_ID}.onnx")
    write_parity(model, onnx_path, REPO / "src" / "test" / "fixtures", "tiny-unet-parity", n=2, hw=64, seed=7)
    card = make_card(
        model, onnx_path, id=FIXTURE_ID, name="Tiny fixture U-Net (random weights, tests only)",
        description="Random-weight U-Net (depth 2, base 4) for tests and the UI e2e; it does not segment anything.",
        tile=64, halo=8, blend="gaussian", threshold=0.5,
        training={"data": "none (random weights)", "split": "none", "steps": 0, "batch": "none",
                  "augmentation": "none", "seed": 1234, "synthetic": True},
        fixture=True)
    update_manifest(out / "models.json", card)
    print(f"wrote {onnx_path} ({card['bytes']} bytes, {card['architecture']['params']} params)")


if __name__ == "__main__":
    main()
