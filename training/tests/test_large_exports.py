"""The studio's streamed exports (src/io/tiledTiffWriter.ts, src/io/omeZarrWriter.ts) read back by independent
readers: tifffile for the tiled BigTIFF labels, zarr-python for the OME-Zarr 0.4 image + labels.
The TypeScript side writes known patterns (src/cli/writeExportFixtures.ts); here numpy recomputes them."""
import json
import os
import subprocess
import tempfile
import unittest

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
W, H = 1100, 700


def patterns():
    y, x = np.mgrid[0:H, 0:W].astype(np.int64)
    return ((x * 7 + y * 13) % 65536).astype(np.uint16), (x * 100003 + y + 1).astype(np.uint32)


class LargeExportsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        subprocess.run(['npx', 'tsx', 'src/cli/writeExportFixtures.ts', cls.tmp.name], cwd=ROOT, check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_tiled_bigtiff_labels(self):
        import tifffile
        p16, p32 = patterns()
        for name, expect, tile, comp in [('labels16.tif', p16, 512, 8), ('labels32.tif', p32, 256, 1)]:
            with tifffile.TiffFile(os.path.join(self.tmp.name, name)) as tf:
                self.assertTrue(tf.is_bigtiff)
                page = tf.pages[0]
                self.assertTrue(page.is_tiled)
                self.assertEqual((page.tilelength, page.tilewidth), (tile, tile))
                self.assertEqual(int(page.compression), comp)
                self.assertEqual(page.dtype, expect.dtype)
                np.testing.assert_array_equal(page.asarray(), expect)

    def test_ome_zarr_image_and_labels(self):
        import zarr
        p16, p32 = patterns()
        root = zarr.open_group(os.path.join(self.tmp.name, 'image.zarr'), mode='r')
        ms = root.attrs['multiscales'][0]
        self.assertEqual(ms['version'], '0.4')
        self.assertEqual([a['name'] for a in ms['axes']], ['y', 'x'])
        self.assertEqual([d['path'] for d in ms['datasets']], ['0', '1', '2'])
        self.assertEqual(ms['datasets'][1]['coordinateTransformations'][0]['scale'], [0.5, 1.0])
        self.assertEqual(root['labels'].attrs['labels'], ['cells'])
        lab = root['labels/cells']
        self.assertEqual(lab.attrs['image-label']['version'], '0.4')
        self.assertEqual(lab.attrs['image-label']['source']['image'], '../../')
        for k in range(3):
            s = 2 ** k
            np.testing.assert_array_equal(root[str(k)][:], p16[::s, ::s])
            np.testing.assert_array_equal(lab[str(k)][:], p32[::s, ::s])
        self.assertEqual(lab['0'].chunks, (256, 256))


if __name__ == '__main__':
    unittest.main()
