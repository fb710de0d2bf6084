"""training/folder_data.py: the images/ + masks/ folder layout written by `npm run synth`.

  /usr/bin/python3 -m unittest discover -s training/tests
"""
import sys
import tempfile
import unittest
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

TRAINING = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TRAINING))
from data import normalize_percentile  # noqa: E402
from folder_data import load_folder  # noqa: E402


class LoadFolderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        (self.root / "images").mkdir()
        (self.root / "masks").mkdir()
        rng = np.random.default_rng(0)
        self.img8 = rng.integers(0, 256, (20, 24), dtype=np.uint8)
        self.img16 = rng.integers(100, 4000, (20, 24), dtype=np.uint16)
        self.labels = np.zeros((20, 24), np.uint16)
        self.labels[2:8, 3:9] = 1
        self.labels[10:15, 12:20] = 300  # > 255: only a 16-bit mask can hold it
        Image.fromarray(self.img8).save(self.root / "images" / "000.png")
        Image.fromarray(self.img16).save(self.root / "images" / "001.png")
        Image.fromarray(self.img8).save(self.root / "images" / "002.tif")
        Image.fromarray(self.labels).save(self.root / "masks" / "000.png")
        Image.fromarray(self.labels).save(self.root / "masks" / "001.png")
        Image.fromarray((self.labels > 0).astype(np.uint8) * 255).save(self.root / "masks" / "002.tif")

    def tearDown(self):
        self.tmp.cleanup()

    def test_pairs_normalised_images_binary_masks(self):
        out = load_folder(self.root)
        self.assertEqual([n for n, _, _ in out], ["000", "001", "002"])
        expected = (self.labels > 0).astype(np.uint8)
        for name, img, mask in out:
            self.assertEqual(img.dtype, np.float32)
            self.assertEqual(mask.dtype, np.uint8)
            np.testing.assert_array_equal(mask, expected)
        np.testing.assert_allclose(out[1][1], normalize_percentile(self.img16), rtol=0, atol=0)
        np.testing.assert_allclose(out[0][1], normalize_percentile(self.img8), rtol=0, atol=0)

    def test_skips_images_without_mask_with_a_warning(self):
        Image.fromarray(self.img8).save(self.root / "images" / "orphan.png")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out = load_folder(str(self.root))
        self.assertEqual(len(out), 3)
        self.assertTrue(any("orphan" in str(x.message) for x in w))

    def test_errors(self):
        with self.assertRaisesRegex(FileNotFoundError, "no masks/ folder"):
            (self.root / "masks").rename(self.root / "labels")
            load_folder(self.root)
        (self.root / "labels").rename(self.root / "masks")
        Image.fromarray(np.zeros((5, 5), np.uint8)).save(self.root / "masks" / "000.png")
        with self.assertRaisesRegex(ValueError, "000: image is 24×20 but its mask is 5×5"):
            load_folder(self.root)
        empty = self.root / "empty"
        (empty / "images").mkdir(parents=True)
        (empty / "masks").mkdir()
        with self.assertRaisesRegex(FileNotFoundError, "no image/mask pairs"):
            load_folder(empty)


if __name__ == "__main__":
    unittest.main()
