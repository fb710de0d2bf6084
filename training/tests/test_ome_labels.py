"""src/io/encodeOmeTiff.ts (the labels stacks of `npm run segment` and the studio's stack export), read back by an
independent reader, Debian's python3-tifffile: pages, dtype, OME axes and sizes, pixel size, plane order.

  /usr/bin/python3 -m unittest discover -s training/tests
"""
import json
import subprocess
import tempfile
import unittest
from pathlib import Path

import numpy as np
import tifffile

REPO = Path(__file__).resolve().parents[2]
TSX = REPO / "node_modules" / ".bin" / "tsx"

# Planes are k*1000 + pixel index, so a wrong page order or a transposed plane shows up as wrong values.
WRITE = """
import { writeFileSync } from 'node:fs';
import { encodeOmeTiff } from './src/io/encodeOmeTiff';
const a = JSON.parse(process.argv[process.argv.length - 1]);
const planes = Array.from({ length: a.sizeZ * a.sizeT }, (_, k) => Uint16Array.from({ length: a.w * a.h }, (_, i) => (k * 1000 + i) & 0xffff));
writeFileSync(a.out, encodeOmeTiff({ width: a.w, height: a.h, planes, sizeZ: a.sizeZ, sizeT: a.sizeT, pixelSize: a.px, name: 'cells.labels' }));
"""


def write(out, w, h, size_z, size_t, px):
    arg = json.dumps({"out": str(out), "w": w, "h": h, "sizeZ": size_z, "sizeT": size_t, "px": px})
    subprocess.run([str(TSX), "-e", WRITE, arg], cwd=REPO, check=True, capture_output=True, timeout=120)


def expected(w, h, n):
    return np.stack([(k * 1000 + np.arange(w * h)).astype(np.uint16).reshape(h, w) for k in range(n)])


class OmeLabelsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_time_lapse_of_z_stacks(self):
        path = self.dir / "tz.ome.tif"
        write(path, 7, 5, 3, 2, {"x": 0.325, "y": 0.325, "z": 1.5, "unit": "µm"})
        with tifffile.TiffFile(path) as tif:
            self.assertTrue(tif.is_ome)
            self.assertEqual(len(tif.pages), 6)
            s = tif.series[0]
            self.assertEqual(s.axes, "TZYX")
            self.assertEqual(s.shape, (2, 3, 5, 7))
            self.assertEqual(s.dtype, np.uint16)
            a = s.asarray()
            meta = tifffile.xml2dict(tif.ome_metadata)["OME"]["Image"]["Pixels"]
        np.testing.assert_array_equal(a.reshape(6, 5, 7), expected(7, 5, 6))
        self.assertAlmostEqual(meta["PhysicalSizeX"], 0.325)
        self.assertAlmostEqual(meta["PhysicalSizeY"], 0.325)
        self.assertAlmostEqual(meta["PhysicalSizeZ"], 1.5)
        self.assertEqual(meta["PhysicalSizeXUnit"], "µm")
        self.assertEqual(meta["DimensionOrder"], "XYZCT")

    def test_single_plane_without_pixel_size(self):
        path = self.dir / "one.ome.tif"
        write(path, 9, 4, 1, 1, None)
        with tifffile.TiffFile(path) as tif:
            self.assertEqual(len(tif.pages), 1)
            self.assertEqual(tif.series[0].axes, "YX")
            a = tif.asarray()
            meta = tifffile.xml2dict(tif.ome_metadata)["OME"]["Image"]["Pixels"]
        self.assertEqual(a.dtype, np.uint16)
        np.testing.assert_array_equal(a, expected(9, 4, 1)[0])
        self.assertNotIn("PhysicalSizeX", meta)


class SegmentStackLabelsTest(unittest.TestCase):
    """`npm run segment` on a 3-plane OME-TIFF written by tifffile (make_corpus.py): its labels file keeps the
    input's Z axis and 0.5 µm pixel size."""

    def test_labels_of_a_z_stack(self):
        with tempfile.TemporaryDirectory() as tmp:
            corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
            subprocess.run(["/usr/bin/python3", str(REPO / "training" / "tests" / "make_corpus.py"), str(corpus)], check=True,
                           capture_output=True, timeout=120)
            r = subprocess.run(["npm", "run", "-s", "segment", "--", "--model", "fixture-tiny-unet", "--out", str(out), "--quiet",
                                str(corpus / "stack_z3.ome.tif")], cwd=REPO, capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            with tifffile.TiffFile(corpus / "stack_z3.ome.tif") as src:
                src_px = tifffile.xml2dict(src.ome_metadata)["OME"]["Image"]["Pixels"]
            with tifffile.TiffFile(out / "stack_z3.labels.tif") as tif:
                self.assertTrue(tif.is_ome)
                self.assertEqual(len(tif.pages), 3)
                s = tif.series[0]
                self.assertEqual((s.axes, s.shape, s.dtype), ("ZYX", (3, 128, 128), np.uint16))
                labels = s.asarray()
                px = tifffile.xml2dict(tif.ome_metadata)["OME"]["Image"]["Pixels"]
            self.assertEqual(px["PhysicalSizeX"], src_px["PhysicalSizeX"])
            self.assertEqual(px["PhysicalSizeY"], src_px["PhysicalSizeY"])
            self.assertAlmostEqual(px["PhysicalSizeX"], 0.5)
            rows = (out / "summary.csv").read_text().strip().split("\n")[1:]
            # The summary's object count per plane is the labels page's highest label (labels run 1..n without gaps).
            self.assertEqual([int(r.split(",")[4]) for r in rows], [int(labels[z].max()) for z in range(3)])
            for z in range(3):
                self.assertEqual(sorted(np.unique(labels[z])), list(range(int(labels[z].max()) + 1)))


if __name__ == "__main__":
    unittest.main()
