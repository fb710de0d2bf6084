"""Object measurements and exports of the studio (src/measure, src/export) against independent readers:
skimage.measure.regionprops for the numbers (to 1e-6), shapely for the GeoJSON polygons (exact areas,
validity, pixel-centre containment), and imagej_roi.py (written from ImageJ's RoiDecoder format
description) for the ROI zip. The TypeScript side runs through `npx tsx src/cli/exportObjects.ts`.

  /usr/bin/python3 -m unittest training.tests.test_object_exports   (or: npm run test:py)
"""
import csv
import json
import math
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import tifffile
from PIL import Image
from shapely.geometry import shape
from shapely import vectorized
from skimage.measure import label as sk_label, regionprops

sys.path.insert(0, str(Path(__file__).resolve().parent))
from imagej_roi import rasterise, read_roi_zip  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "datasets"
ATOL = 1e-6


def hand_made():
    """One label image holding the awkward cases, each case its own label."""
    L = np.zeros((40, 48), np.uint16)
    L[2:9, 2:9] = 1; L[4:7, 4:7] = 0            # square with a hole
    L[2:6, 12:16] = 2; L[2:6, 16:20] = 3        # two touching objects
    L[12, 4] = 4                                # one pixel
    L[14, 14] = 5; L[15, 15] = 5; L[16, 16] = 5  # diagonal-only pixels of one label
    L[0:3, 30:34] = 6                           # top border
    L[37:40, 0:48:3] = 7                        # bottom border, several pieces
    # ring whose hole touches the outside at one corner (diagonal gap at its top-left)
    L[20:26, 2:8] = 8; L[21:25, 3:7] = 0; L[20, 2] = 0
    L[21, 3] = 0
    # hole with an island of the same label inside
    L[20:31, 12:23] = 9; L[22:29, 14:21] = 0; L[24:27, 16:19] = 9
    L[12, 24:34] = 10                           # one-pixel-high line
    L[28:33, 30:31] = 11                        # one-pixel-wide line
    # two holes touching each other at a corner
    L[12:18, 36:44] = 12; L[14, 38] = 0; L[15, 39] = 0
    L[20:24, 40:48] = 13                        # right border
    L[30:34, 40:44] = 14; L[31, 41] = 0; L[32, 42] = 0; L[31, 42] = 0  # L-shaped hole
    return L


def random_labels(seed, h=48, w=56, n=30):
    """Noisy blobs: many diagonal contacts, holes and pieces."""
    rng = np.random.default_rng(seed)
    L = np.zeros((h, w), np.uint16)
    for k in range(1, n + 1):
        r, c = rng.integers(0, h), rng.integers(0, w)
        rr, cc = np.mgrid[0:h, 0:w]
        blob = (rr - r) ** 2 / rng.uniform(4, 40) + (cc - c) ** 2 / rng.uniform(4, 40) < 1
        L[blob & (rng.random((h, w)) < 0.75)] = k
    return L


class ObjectExportsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def export(self, name, labels, raw=None, extra=()):
        lab_path = self.dir / f"{name}.in.tif"
        tifffile.imwrite(lab_path, labels.astype(np.uint16))
        args = ["npx", "tsx", "src/cli/exportObjects.ts", "--labels", str(lab_path), "--out", str(self.dir / name),
                "--formats", "csv,geojson,roi", *extra]
        if raw is not None:
            raw_path = self.dir / f"{name}.raw.tif"
            tifffile.imwrite(raw_path, raw.astype(np.float32))
            args += ["--raw", str(raw_path)]
        res = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
        self.assertEqual(res.returncode, 0, res.stderr)
        with open(self.dir / f"{name}.objects.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        geo = json.loads((self.dir / f"{name}.geojson").read_text())
        rois = read_roi_zip((self.dir / f"{name}.roi.zip").read_bytes())
        return rows, geo, rois

    def check_measurements(self, labels, raw, rows, pixel_size=None):
        props = regionprops(labels.astype(np.int64), intensity_image=None if raw is None else raw.astype(np.float64))
        self.assertEqual([int(r["label"]) for r in rows], [p.label for p in props])
        h, w = labels.shape
        for row, p in zip(rows, props):
            got = {k: (float(v) if v != "" else math.nan) for k, v in row.items()}
            want = {
                "area": p.area, "perimeter": p.perimeter,
                "centroid-0": p.centroid[0], "centroid-1": p.centroid[1],
                "bbox-0": p.bbox[0], "bbox-1": p.bbox[1], "bbox-2": p.bbox[2], "bbox-3": p.bbox[3],
                "equivalent_diameter_area": p.equivalent_diameter_area, "eccentricity": p.eccentricity,
                "solidity": p.solidity,
                "circularity": 4 * math.pi * p.area / p.perimeter ** 2 if p.perimeter > 0 else math.nan,
                "touches_border": float(p.bbox[0] == 0 or p.bbox[1] == 0 or p.bbox[2] == h or p.bbox[3] == w),
                "area_um2": p.area * pixel_size[0] * pixel_size[1] if pixel_size else math.nan,
            }
            if raw is not None:
                want.update({"intensity_mean": p.intensity_mean, "intensity_min": p.intensity_min,
                             "intensity_max": p.intensity_max})
            for k, v in want.items():
                if math.isnan(v):
                    self.assertTrue(math.isnan(got[k]), f"label {p.label} {k}: {got[k]} vs NaN")
                else:
                    self.assertAlmostEqual(got[k], v, delta=ATOL, msg=f"label {p.label} {k}")
        return len(props)

    def check_geojson(self, labels, geo, kept):
        feats = geo["features"]
        self.assertEqual([int(f["properties"]["name"]) for f in feats], kept)
        h, w = labels.shape
        yy, xx = np.mgrid[0:h, 0:w] + 0.5
        for f in feats:
            lab = int(f["properties"]["name"])
            self.assertEqual(f["properties"]["objectType"], "detection")
            self.assertEqual(f["properties"]["measurements"]["label"], lab)
            g = shape(f["geometry"])
            self.assertTrue(g.is_valid, f"label {lab}: invalid geometry")
            obj = labels == lab
            self.assertEqual(g.area, obj.sum(), f"label {lab}: area")
            self.assertEqual(f["properties"]["measurements"]["area"], obj.sum())
            inside = vectorized.contains(g, xx, yy)
            np.testing.assert_array_equal(inside, obj, err_msg=f"label {lab}: rasterised polygon")

    def check_rois(self, labels, rois, kept):
        self.assertEqual([e for e, _ in rois], [f"{k}.roi" for k in kept])
        h, w = labels.shape
        for (entry, roi), lab in zip(rois, kept):
            self.assertEqual(roi["name"], str(lab))
            self.assertEqual(roi["version"], 228)
            obj = labels == lab
            rr, cc = np.nonzero(obj)
            self.assertEqual(roi["bounds"], (rr.min(), cc.min(), rr.max() + 1, cc.max() + 1))
            self.assertIn(roi["type"], (8, 1))
            np.testing.assert_array_equal(rasterise(roi["rings"], h, w), obj, err_msg=f"label {lab}: ROI fill")

    def run_case(self, name, labels, raw=None):
        if raw is not None:
            raw = raw.astype(np.float32)  # what the TIFF holds; skimage then sees the same values as float64
        rows, geo, rois = self.export(name, labels, raw)
        n = self.check_measurements(labels, raw, rows)
        kept = [int(r["label"]) for r in rows]
        self.check_geojson(labels, geo, kept)
        self.check_rois(labels, rois, kept)
        return n, geo, rois

    def test_hand_made(self):
        L = hand_made()
        raw = np.random.default_rng(1).normal(100, 30, L.shape)
        n, geo, rois = self.run_case("hand", L, raw)
        self.assertEqual(n, 14)
        by = {int(f["properties"]["name"]): f["geometry"] for f in geo["features"]}
        # The rule for diagonal contacts: separate polygons touching at a vertex; holes keep their corner contacts.
        self.assertEqual(by[5]["type"], "MultiPolygon"); self.assertEqual(len(by[5]["coordinates"]), 3)
        self.assertEqual(by[1]["type"], "Polygon"); self.assertEqual(len(by[1]["coordinates"]), 2)
        self.assertEqual(len(by[8]["coordinates"]), 2, "hole touching the outside at a corner stays a hole")
        self.assertEqual(len(by[12]["coordinates"]), 3, "two holes touching at a corner are two holes")
        self.assertEqual(by[9]["type"], "MultiPolygon", "an island in a hole is its own polygon")
        types = {int(r["name"]): r["type"] for _, r in rois}
        self.assertEqual(types[2], 8)   # simple outline → traced polygon
        self.assertEqual(types[1], 1)   # holes → composite
        self.assertEqual(types[5], 1)   # pieces → composite

    def test_random_labels(self):
        for seed in range(3):
            L = random_labels(seed)
            self.run_case(f"rand{seed}", L, np.random.default_rng(seed).uniform(0, 1000, L.shape))

    def test_isbi_em(self):
        gt = np.asarray(Image.open(DATA / "isbi2012_em" / "masks" / "20.png"))
        img = np.asarray(Image.open(DATA / "isbi2012_em" / "images" / "20.png")).astype(np.float64)
        L = sk_label(gt > 127, connectivity=2)
        self.assertGreater(L.max(), 50)
        self.run_case("em20", L.astype(np.uint16), img)

    def test_dsb(self):
        L = tifffile.imread(DATA / "dsb2018_stardist_sample" / "masks" / "img2d.tif")
        img = tifffile.imread(DATA / "dsb2018_stardist_sample" / "images" / "img2d.tif").astype(np.float64)
        if img.ndim == 3:
            img = img[..., 0]
        n, _, _ = self.run_case("dsb", L, img)
        self.assertEqual(n, 125)

    def test_filter_and_pixel_size(self):
        L = hand_made()
        rows, geo, rois = self.export("filt", L, None, ["--min-area", "5", "--pixel-size", "0.5,0.25", "--exclude-border"])
        props = [p for p in regionprops(L.astype(np.int64))
                 if p.area >= 5 and not (p.bbox[0] == 0 or p.bbox[1] == 0 or p.bbox[2] == L.shape[0] or p.bbox[3] == L.shape[1])]
        kept = [p.label for p in props]
        self.assertEqual([int(r["label"]) for r in rows], kept)
        self.assertNotIn(4, kept); self.assertNotIn(6, kept)
        for r, p in zip(rows, props):
            self.assertAlmostEqual(float(r["area_um2"]), p.area * 0.125, delta=ATOL)
            self.assertEqual(r["intensity_mean"], "")
        self.check_geojson(L, geo, kept)
        self.check_rois(L, rois, kept)


if __name__ == "__main__":
    unittest.main()
