"""EMA weights are evaluated and shipped with re-estimated BatchNorm statistics (training/bn.py), so curve.csv
logs the IoU of the weights select_weights.py ships; ship_model.sh accepts an absolute run path.

A tiny U-Net is trained for a few steps on a synthetic image/mask folder with a short EMA: its averaged BN
running statistics are then stale (mostly the initial 0/1), which is exactly the case where the old in-run
evaluation misreported the model. Needs torch + onnx + tifffile; the ship test also needs npx (Node)."""
import contextlib
import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

TRAINING = Path(__file__).resolve().parent.parent
REPO = TRAINING.parent
sys.path.insert(0, str(TRAINING))
HAVE = all(importlib.util.find_spec(m) for m in ("torch", "onnx", "tifffile"))


def write_folder(root: Path, n: int, seed: int, hw: int = 96):
    """n images of bright noisy disks on a dark background, with their binary masks (images/ + masks/)."""
    import tifffile
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[:hw, :hw]
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        m = np.zeros((hw, hw), bool)
        for _ in range(6):
            cy, cx, r = rng.uniform(10, hw - 10), rng.uniform(10, hw - 10), rng.uniform(5, 12)
            m |= (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        img = np.clip(60 + 120 * m + rng.normal(0, 25, m.shape), 0, 255).astype(np.uint8)
        tifffile.imwrite(root / "images" / f"s{i}.tif", img)
        tifffile.imwrite(root / "masks" / f"s{i}.tif", (m * 255).astype(np.uint8))


@unittest.skipUnless(HAVE, "needs torch, onnx and tifffile")
class TestEmaBn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import torch
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        write_folder(cls.dir / "train", 4, seed=1)
        write_folder(cls.dir / "test", 2, seed=2)
        cls.run_dir = cls.dir / "run"
        import train
        with contextlib.redirect_stdout(io.StringIO()):
            train.main(["--dataset", "folder", "--data-dir", str(cls.dir / "train"), "--test-dir", str(cls.dir / "test"),
                        "--depth", "1", "--base", "4", "--steps", "60", "--batch", "2", "--tile", "32", "--lr", "1e-2",
                        "--ema", "0.98", "--eval-every", "60", "--bn-batches", "6", "--aug", "exact", "--threads", "1",
                        "--out", str(cls.run_dir)])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_curve_logs_what_select_weights_ships(self):
        import argparse
        import torch
        import select_weights
        from train import evaluate, load_sets
        from unet import UNet
        with open(self.run_dir / "curve.csv") as f:
            rows = list(csv.DictReader(f))
        logged = float(rows[-1]["test_iou"])
        st = torch.load(self.run_dir / "checkpoint.pt")
        args = argparse.Namespace(**st["args"])
        train_set, test_set = load_sets(args)
        shipped = select_weights.candidates(st, args, train_set)["ema"]
        shipped_iou = evaluate(shipped, test_set, 2)[0.5][0]
        stale = UNet(1, 4, True)
        stale.load_state_dict(st["ema"])
        stale_iou = evaluate(stale, test_set, 2)[0.5][0]
        # the scenario is one where stale statistics matter (else this test could not fail) ...
        self.assertGreater(abs(stale_iou - shipped_iou), 0.05, f"stale {stale_iou:.4f} vs re-estimated {shipped_iou:.4f}")
        # ... and the curve logs the re-estimated model, the one select_weights.py compares and ships
        self.assertAlmostEqual(logged, shipped_iou, delta=1e-4)
        # train.py's final.pt holds those same statistics
        final = torch.load(self.run_dir / "final.pt")["ema"]
        for k, v in shipped.state_dict().items():
            if "running_" in k:
                self.assertTrue(torch.allclose(final[k], v, atol=1e-6), k)

    def test_reestimate_is_the_cumulative_batch_average(self):
        import torch
        from bn import reestimate_bn
        bn = torch.nn.BatchNorm2d(1, momentum=0.1)
        g = torch.Generator().manual_seed(0)
        xs = [torch.randn(3, 1, 8, 8, generator=g) * 2 + 5 for _ in range(4)]
        reestimate_bn(bn, xs)
        self.assertAlmostEqual(float(bn.running_mean), float(torch.stack([x.mean() for x in xs]).mean()), places=5)
        self.assertEqual(bn.momentum, 0.1)
        self.assertFalse(bn.training)

    @unittest.skipUnless(shutil.which("npx"), "needs node")
    def test_ship_model_takes_an_absolute_run_path(self):
        out = self.dir / "ship"
        env = dict(os.environ, MODELS_DIR=str(out / "models"), PARITY_DIR=str(out / "parity"))
        # run path absolute; the eval data path relative to the caller's directory (not the repo root)
        r = subprocess.run(["bash", str(TRAINING / "ship_model.sh"), str(self.run_dir.resolve()), "tiny-ship", "Tiny", "t",
                            "--data", "test", "--threads", "1"], cwd=self.dir, env=env, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        card = next(c for c in json.loads((out / "models" / "models.json").read_text())["models"] if c["id"] == "tiny-ship")
        self.assertIn("metrics", card)
        self.assertTrue((out / "parity" / "tiny-ship-parity.json").exists())


if __name__ == "__main__":
    unittest.main()
