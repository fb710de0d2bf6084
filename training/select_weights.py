"""Choose the weights to ship from a finished run using the TRAINING slices only.

EMA weights usually generalise better, but averaged weights and BatchNorm running statistics can disagree; this
re-estimates BN statistics for the EMA weights on augmented training crops, then compares raw vs EMA(+BN) by
mean foreground IoU on the training images and writes the winner (and its training-set threshold) to final.pt.

  /usr/bin/python3 training/select_weights.py --run training/runs/em-unet
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from augment import augment_batch, random_crops
from train import evaluate, load_sets
from unet import UNet


@torch.no_grad()
def recalibrate_bn(model, imgs, masks, tile, batches=40, seed=7):
    gen = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats(); m.momentum = None  # cumulative average
    model.train()
    for _ in range(batches):
        x, y = random_crops(imgs, masks, 4, tile, gen)
        x, _ = augment_batch(x, y, tile, gen)
        model(x)
    model.eval()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--run", type=Path, required=True)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    st = torch.load(a.run / "checkpoint.pt")
    args = argparse.Namespace(**st["args"])
    train, _ = load_sets(args)
    imgs = [torch.from_numpy(i)[None] for _, i, _ in train]
    masks = [torch.from_numpy(m.astype(np.float32))[None] for _, _, m in train]
    mult = 2 ** args.depth
    ts = [round(0.3 + 0.05 * i, 2) for i in range(9)]
    cands = {}
    for kind in ("model", "ema", "ema+bn"):
        m = UNet(args.depth, args.base, bool(args.skip))
        m.load_state_dict(st["ema" if kind.startswith("ema") else "model"])
        if kind == "ema+bn":
            recalibrate_bn(m, imgs, masks, args.tile)
        res = evaluate(m, train, mult, ts)
        t = max(ts, key=lambda t: res[t][0])
        cands[kind] = (float(res[t][0]), t, {k: v.clone() for k, v in m.state_dict().items()})
        print(f"{kind}: train IoU {res[t][0]:.4f} at threshold {t}", flush=True)
    best = max(cands, key=lambda k: cands[k][0])
    iou, t, sd = cands[best]
    torch.save({"ema": sd, "weights": best, "args": {k: str(v) for k, v in vars(args).items()}, "threshold": t,
                "steps": st["step"], "train_iou_at_threshold": iou}, a.run / "final.pt")
    print(f"selected {best} (train IoU {iou:.4f}, threshold {t}) -> {a.run / 'final.pt'}")


if __name__ == "__main__":
    main()
