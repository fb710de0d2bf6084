"""Train a U-Net (with or without skip connections) for foreground segmentation; resumable, checkpointed.

  /usr/bin/python3 training/train.py --dataset em --skip 1 --out training/runs/em-unet
  /usr/bin/python3 training/train.py --dataset em --skip 0 --out training/runs/em-unet-noskip
  /usr/bin/python3 training/train.py --dataset ctc --ctc-dir /data/DIC-C2DH-HeLa/01 --skip 1 --out runs/hela

Re-running the same command resumes from <out>/checkpoint.pt. Writes <out>/curve.csv (step, loss, lr, and
every --eval-every steps the mean foreground IoU/Dice of the EMA weights, BatchNorm statistics re-estimated
on training crops (bn.py), on train and test images) and <out>/final.pt (those same weights and statistics). Model selection never looks at the test split: the final EMA weights are the model, and the
recommended threshold is chosen on the training images.
"""
import argparse
import csv
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from augment import augment_batch, exact_augment, random_crops
from bn import BN_BATCHES, bn_batches, reestimate_bn
from data import load_ctc, load_em
from unet import UNet


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", choices=["em", "ctc", "folder"], default="em")
    p.add_argument("--data-dir", type=Path, help="--dataset folder: images/ + masks/ for training (npm run synth layout)")
    p.add_argument("--test-dir", type=Path, help="--dataset folder: images/ + masks/ held out")
    p.add_argument("--ctc-dir", type=Path, help="CTC sequence folder, e.g. .../DIC-C2DH-HeLa/01")
    p.add_argument("--skip", type=int, default=1)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--base", type=int, default=16)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--tile", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--ema", type=float, default=0.998)
    p.add_argument("--seed", type=int, default=2015)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch default)")
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--bn-batches", type=int, default=BN_BATCHES,
                   help="training batches that re-estimate the EMA weights' BatchNorm statistics before each evaluation")
    p.add_argument("--ckpt-minutes", type=float, default=3.0)
    p.add_argument("--init", type=Path, help="start from the raw weights of another run's checkpoint.pt (fine-tuning stage)")
    p.add_argument("--aug", choices=["full", "mild", "exact"], default="full",
                   help="mild: smaller rotations/scale/elastic for fine-tuning; exact: no resampling (rot90/flips/intensity)")
    p.add_argument("--loss", choices=["bce_dice", "bce_lovasz"], default="bce_dice",
                   help="bce_lovasz: BCE + Lovasz hinge (a convex surrogate of the per-image Jaccard loss)")
    p.add_argument("--out", type=Path, required=True)
    return p.parse_args(argv)


def load_sets(a):
    if a.dataset == "em":
        return load_em("train"), load_em("test")
    if a.dataset == "ctc":
        pairs = load_ctc(a.ctc_dir)
        k = max(1, len(pairs) // 5)  # last fifth of annotated frames held out (frames are a time series)
        return pairs[:-k], pairs[-k:]
    from folder_data import load_folder
    return load_folder(a.data_dir), load_folder(a.test_dir)


def soft_dice_loss(logits, target, eps=1.0):
    p = torch.sigmoid(logits)
    inter = (p * target).sum((1, 2, 3))
    return (1 - (2 * inter + eps) / (p.sum((1, 2, 3)) + target.sum((1, 2, 3)) + eps)).mean()


def lovasz_grad(gt_sorted: torch.Tensor) -> torch.Tensor:
    """Gradient of the Lovasz extension of the Jaccard loss w.r.t. sorted errors (Berman et al. 2018)."""
    gts = gt_sorted.sum()
    inter = gts - gt_sorted.cumsum(0)
    union = gts + (1 - gt_sorted).cumsum(0)
    jac = 1.0 - inter / union
    jac[1:] = jac[1:] - jac[:-1]
    return jac


def lovasz_hinge(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Per-image binary Lovasz hinge on logits, averaged over the batch."""
    losses = []
    for lg, t in zip(logits.flatten(1), target.flatten(1)):
        errors = 1.0 - lg * (2 * t - 1)
        err_sorted, perm = torch.sort(errors, descending=True)
        losses.append(torch.dot(F.relu(err_sorted), lovasz_grad(t[perm])))
    return torch.stack(losses).mean()


def seg_loss(logits, y, kind: str):
    bce = F.binary_cross_entropy_with_logits(logits, y)
    return bce + (lovasz_hinge(logits, y) if kind == "bce_lovasz" else soft_dice_loss(logits, y))


@torch.no_grad()
def predict_full(model, img: np.ndarray, mult: int) -> np.ndarray:
    """Whole-image probability; the image is mirror-padded up to a multiple of `mult` and cropped back."""
    h, w = img.shape
    ph, pw = (-h) % mult, (-w) % mult
    x = torch.from_numpy(img)[None, None]
    x = F.pad(x, (0, pw, 0, ph), mode="reflect") if (ph or pw) else x
    return torch.sigmoid(model(x))[0, 0, :h, :w].numpy()


def iou_dice(prob, mask, t=0.5):
    p, g = prob >= t, mask > 0
    tp = np.logical_and(p, g).sum(); fp = np.logical_and(p, ~g).sum(); fn = np.logical_and(~p, g).sum()
    u = tp + fp + fn
    return (tp / u if u else 1.0), (2 * tp / (2 * tp + fp + fn) if u else 1.0)


def evaluate(model, pairs, mult, thresholds=(0.5,)):
    model.eval()
    probs = [(predict_full(model, img, mult), m) for _, img, m in pairs]
    res = {t: np.mean([iou_dice(p, m, t) for p, m in probs], axis=0) for t in thresholds}
    return res


def ema_model(ema, model_args, imgs, masks, eval_model):
    """`eval_model` holding the EMA weights with BatchNorm statistics re-estimated for them (bn.py): averaged
    running statistics are stale for averaged weights, so evaluating them as they are misreports the model."""
    a = model_args
    eval_model.load_state_dict(ema.shadow)
    return reestimate_bn(eval_model, bn_batches(imgs, masks, a.tile, getattr(a, "aug", "full"),
                                                getattr(a, "bn_batches", BN_BATCHES), int(getattr(a, "batch", 4))))


class Ema:
    def __init__(self, model, decay):
        self.decay = decay
        self.shadow = {k: v.detach().clone() for k, v in model.state_dict().items()}

    @torch.no_grad()
    def update(self, model):
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                self.shadow[k].mul_(self.decay).add_(v.detach(), alpha=1 - self.decay)
            else:
                self.shadow[k].copy_(v)


def main(argv=None):
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    a.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(a.seed); np.random.seed(a.seed)
    train, test = load_sets(a)
    imgs = [torch.from_numpy(i)[None] for _, i, _ in train]
    masks = [torch.from_numpy(m.astype(np.float32))[None] for _, _, m in train]
    model = UNet(a.depth, a.base, bool(a.skip))
    eval_model = UNet(a.depth, a.base, bool(a.skip))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    warm = max(1, a.steps // 30)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / a.steps))))
    if a.init:
        model.load_state_dict(torch.load(a.init)["model"])
        print(f"initialised from {a.init}", flush=True)
    ema = Ema(model, a.ema)
    gen = torch.Generator().manual_seed(a.seed)
    step = 0
    ck = a.out / "checkpoint.pt"
    if ck.exists():
        st = torch.load(ck)
        model.load_state_dict(st["model"]); opt.load_state_dict(st["opt"]); sched.load_state_dict(st["sched"])
        ema.shadow = st["ema"]; gen.set_state(st["gen"]); torch.set_rng_state(st["rng"]); step = st["step"]
        print(f"resumed at step {step}", flush=True)
    curve_path = a.out / "curve.csv"
    new_curve = not curve_path.exists() or step == 0
    curve = open(curve_path, "w" if new_curve else "a", newline="")
    wr = csv.writer(curve)
    if new_curve:
        wr.writerow(["step", "loss", "lr", "train_iou", "train_dice", "test_iou", "test_dice", "seconds"])
    mult = 2 ** a.depth
    t_ck = time.time(); t0 = time.time(); run_loss = 0.0
    while step < a.steps:
        model.train()
        x, y = random_crops(imgs, masks, a.batch, a.tile, gen)
        if a.aug == "exact":
            x, y = exact_augment(x, y, a.tile, gen)
        else:
            x, y = augment_batch(x, y, a.tile, gen, mild=a.aug == "mild")
        logits = model(x)
        loss = seg_loss(logits, y, a.loss)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step(); sched.step(); ema.update(model)
        step += 1
        run_loss = 0.98 * run_loss + 0.02 * float(loss) if step > 1 else float(loss)
        row = None
        if step % a.eval_every == 0 or step == a.steps:
            ema_model(ema, a, imgs, masks, eval_model)
            tr = evaluate(eval_model, train[:6], mult)[0.5]
            te = evaluate(eval_model, test, mult)[0.5]
            row = [step, f"{run_loss:.4f}", f"{sched.get_last_lr()[0]:.2e}", f"{tr[0]:.4f}", f"{tr[1]:.4f}",
                   f"{te[0]:.4f}", f"{te[1]:.4f}", f"{time.time() - t0:.0f}"]
            print(" ".join(map(str, row)), flush=True)
        elif step % 25 == 0:
            row = [step, f"{run_loss:.4f}", f"{sched.get_last_lr()[0]:.2e}", "", "", "", "", f"{time.time() - t0:.0f}"]
            print(" ".join(map(str, row)), flush=True)
        if row:
            wr.writerow(row); curve.flush()
        if time.time() - t_ck > a.ckpt_minutes * 60 or step == a.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "ema": ema.shadow, "gen": gen.get_state(), "rng": torch.get_rng_state(), "step": step,
                        "args": vars(a)}, str(ck) + ".tmp")
            Path(str(ck) + ".tmp").replace(ck)
            t_ck = time.time()
    # threshold chosen on the training images only; final.pt holds the EMA weights with re-estimated statistics
    ema_model(ema, a, imgs, masks, eval_model)
    ts = [round(0.3 + 0.05 * i, 2) for i in range(9)]
    res = evaluate(eval_model, train, mult, ts)
    best_t = max(ts, key=lambda t: res[t][0])
    torch.save({"ema": eval_model.state_dict(), "args": {k: str(v) for k, v in vars(a).items()}, "threshold": best_t,
                "steps": step, "train_iou_at_threshold": float(res[best_t][0])}, a.out / "final.pt")
    curve.close()
    print(f"done: threshold {best_t} (train IoU {res[best_t][0]:.4f})", flush=True)


if __name__ == "__main__":
    main()
