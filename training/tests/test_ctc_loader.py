"""training/data.py without torch: the Cell Tracking Challenge loader and the percentile normalisation rule.

  /usr/bin/python3 -m unittest discover -s training/tests
"""
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
from PIL import Image

TRAINING = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TRAINING))
import data  # noqa: E402
from data import load_ctc, normalize_percentile  # noqa: E402


def ts_rank_value(values: np.ndarray, p: float) -> float:
    """The TS rule (src/tiling/normalize.ts): sorted values at index floor(p/100*(n-1)+0.5), clamped."""
    s = sorted(float(v) for v in values.ravel())
    n = len(s)
    i = int(np.floor(p / 100.0 * (n - 1) + 0.5))
    return s[min(n - 1, max(0, i))]


def save_tif(path: Path, arr: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr).save(path, format="TIFF")


class CtcLayout:
    """A tiny CTC sequence: <root>/01/tNNN.tif frames, <root>/01_GT/SEG/man_segNNN.tif for some of them."""

    def __init__(self, root: Path, frames=5, annotated=(0, 2, 4), digits=3, extra_gt=(), size=(24, 32), seed=0):
        rng = np.random.default_rng(seed)
        self.seq = root / "01"
        self.raw, self.labels = {}, {}
        h, w = size
        for t in range(frames):
            img = rng.integers(100, 4000, size=(h, w)).astype(np.uint16)  # 16-bit microscope frame
            self.raw[t] = img
            save_tif(self.seq / f"t{t:0{digits}d}.tif", img)
        for t in list(annotated) + list(extra_gt):
            lab = np.zeros((h, w), np.uint16)
            lab[2:8, 3:9] = 1
            lab[10:14, 10:20] = 256 + t  # > 255: a uint8 cast would lose it
            lab[16:22, 25:30] = 65535
            self.labels[t] = lab
            save_tif(root / "01_GT" / "SEG" / f"man_seg{t:0{digits}d}.tif", lab)


class TestLoadCtc(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def test_only_annotated_frames(self):
        # man_seg007 has no frame t007: it must be skipped, as must the unannotated frames 1 and 3
        lay = CtcLayout(self.root, frames=5, annotated=(0, 2, 4), extra_gt=(7,))
        out = load_ctc(lay.seq)
        self.assertEqual([n for n, _, _ in out], ["01_t000", "01_t002", "01_t004"])

    def test_foreground_is_label_above_zero(self):
        lay = CtcLayout(self.root)
        for (name, img, mask), t in zip(load_ctc(lay.seq), (0, 2, 4)):
            self.assertEqual(mask.dtype, np.uint8)
            self.assertEqual(mask.shape, lay.labels[t].shape)
            np.testing.assert_array_equal(mask, (lay.labels[t] > 0).astype(np.uint8), err_msg=name)
            self.assertEqual(set(np.unique(mask).tolist()), {0, 1})

    def test_images_are_normalised(self):
        lay = CtcLayout(self.root)
        for (name, img, _), t in zip(load_ctc(lay.seq), (0, 2, 4)):
            raw = lay.raw[t].astype(np.float64)
            self.assertEqual(img.dtype, np.float32)
            self.assertEqual(img.shape, raw.shape)
            a, b = ts_rank_value(raw, 1.0), ts_rank_value(raw, 99.8)
            np.testing.assert_allclose(img, (raw - a) / (b - a), rtol=0, atol=1e-6, err_msg=name)
            # 1st percentile → 0, 99.8th → 1, not clipped (the brightest pixels exceed 1)
            self.assertAlmostEqual(float(np.sort(img.ravel())[int(np.floor(0.01 * (img.size - 1) + 0.5))]), 0.0, places=6)
            self.assertGreaterEqual(float(img.max()), 1.0)
            self.assertLess(float(img.min()), 0.0 + 1e-6)

    def test_four_digit_frame_numbers(self):
        lay = CtcLayout(self.root, frames=3, annotated=(1,), digits=4)
        out = load_ctc(lay.seq)
        self.assertEqual([n for n, _, _ in out], ["01_t0001"])
        np.testing.assert_array_equal(out[0][2], (lay.labels[1] > 0).astype(np.uint8))

    def test_missing_ground_truth_folder(self):
        seq = self.root / "02"
        save_tif(seq / "t000.tif", np.zeros((8, 8), np.uint16))
        with self.assertRaises(FileNotFoundError) as cm:
            load_ctc(seq)
        self.assertIn("02_GT", str(cm.exception))

    def test_no_annotated_frame_matches(self):
        lay = CtcLayout(self.root, frames=2, annotated=(), extra_gt=(5,))
        with self.assertRaises(FileNotFoundError):
            load_ctc(lay.seq)


class TestNormalizePercentile(unittest.TestCase):
    def test_known_array(self):
        # 0..999 shuffled: rank(1%) = floor(0.01*999 + 0.5) = 10, rank(99.8%) = floor(0.998*999 + 0.5) = 997
        rng = np.random.default_rng(1)
        x = rng.permutation(1000).reshape(25, 40).astype(np.uint16)
        out = normalize_percentile(x)
        self.assertEqual(out.dtype, np.float32)
        self.assertEqual(out.shape, x.shape)
        np.testing.assert_allclose(out, (x.astype(np.float64) - 10) / 987, rtol=0, atol=1e-7)
        self.assertEqual(float(out[x == 10][0]), 0.0)
        self.assertAlmostEqual(float(out[x == 997][0]), 1.0, places=6)
        self.assertAlmostEqual(float(out.min()), -10 / 987, places=6)  # not clipped
        self.assertAlmostEqual(float(out.max()), 2 / 987 + 1, places=6)

    def test_small_array_ranks(self):
        # n = 5: rank(1%) = floor(0.04 + 0.5) = 0, rank(99.8%) = floor(3.992 + 0.5) = 4 → min and max
        x = np.array([[7.0, 3.0, 5.0, 11.0, 9.0]])
        np.testing.assert_allclose(normalize_percentile(x), (x - 3) / 8, atol=1e-7)
        # rank(50%) of n = 4 is floor(1.5 + 0.5) = 2 (round half up), not a midpoint interpolation
        y = np.array([40.0, 10.0, 30.0, 20.0])
        np.testing.assert_allclose(normalize_percentile(y, 50, 100), (y - 30) / 10, atol=1e-7)

    def test_agrees_with_ts_rule_on_random_arrays(self):
        rng = np.random.default_rng(2)
        for n in (1, 2, 3, 10, 101, 999, 4097):
            for kind in ("float", "ties"):
                x = rng.normal(size=n) * 50 if kind == "float" else rng.integers(0, 7, size=n).astype(np.float64)
                a, b = ts_rank_value(x, 1.0), ts_rank_value(x, 99.8)
                want = (x - a) * (1.0 / (b - a)) if b > a else x - a
                np.testing.assert_allclose(normalize_percentile(x), want.astype(np.float32), rtol=0, atol=1e-6,
                                           err_msg=f"n={n} {kind}")

    def test_constant_image(self):
        x = np.full((4, 4), 42, np.uint8)
        np.testing.assert_array_equal(normalize_percentile(x), np.zeros((4, 4), np.float32))


class TestNoTorch(unittest.TestCase):
    def test_data_module_does_not_import_torch(self):
        code = f"import sys; sys.path.insert(0, {str(TRAINING)!r}); import data; print('torch' in sys.modules)"
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        self.assertEqual(res.stdout.strip(), "False")
        self.assertTrue(Path(data.__file__).resolve().parent == TRAINING)


if __name__ == "__main__":
    unittest.main()
