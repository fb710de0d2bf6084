"""Choose the weights to ship from a finished run using the TRAINING slices only.

The candidates are the raw weights and the EMA weights; the EMA weights get their BatchNorm statistics
re-estimated on augmented training crops exactly as train.py does before every evaluation and before writing
final.pt (train.ema_model → bn.py), so the IoU this script compares is the one curve.csv logs for those weights.
The winner by mean foreground IoU on the training images (and its training-set threshold) goes to final.pt.

  /usr/bin/python3 training/select_weights.py --run training/runs/em-unet
"""
import argparse
from pathlib import Path

import numpy as np
import torch

from train import Ema, ema_model, evaluate, load_sets
from unet import UNet


def candidates(st: dict, args, train) -> dict:
    """kind → UNet for the raw weights ("model") and the EMA weights with re-estimated BN statistics ("ema")."""
    imgs = [torch.from_numpy(i)[None] for _, i, _ in train]
    masks = [torch.from_numpy(m.astype(np.float32))[None] for _, _, m in train]
    raw = UNet(args.depth, args.base, bool(args.skip))
    raw.load_state_dict(st["model"])
    ema = Ema(raw, 0.0)
    ema.shadow = st["ema"]
    return {"model": raw.eval(), "ema": ema_model(ema, args, imgs, masks, UNet(args.depth, args.base, bool(args.skip)))}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", type=Path, required=True)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    st = torch.load(a.run / "checkpoint.pt")
    args = argparse.Namespace(**st["args"])
    train, _ = load_sets(args)
    mult = 2 ** args.depth
    ts = [round(0.3 + 0.05 * i, 2) for i in range(9)]
    cands = {}
    for kind, m in candidates(st, args, train).items():
        res = evaluate(m, train, mult, ts)
        t = max(ts, key=lambda t: res[t][0])
        cands[kind] = (float(res[t][0]), t, {k: v.clone() for k, v in m.state_dict().items()})
        print(f"{kind}: train IoU {res[t][0]:.4f} at threshold {t}", flush=True)
    best = max(cands, key=lambda k: cands[k][0])
    iou, t, sd = cands[best]
    torch.save({"ema": sd, "weights": best, "args": {k: str(v) for k, v in vars(args).items()}, "threshold": t,
                "steps": st["step"], "train_iou_at_threshold": iou}, a.run / "final.pt")
    print(f"selected {best} (train IoU {iou:.4f}, threshold {t}) -> {a.run / 'final.pt'}")
    return cands


if __name__ == "__main__":
    main()
