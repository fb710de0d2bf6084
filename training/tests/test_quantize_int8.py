"""training/quantize_int8.py without onnxruntime (CI has none): calibration crops come from the training slices
only, the int8 card keeps its fp32 card's contract, the manifest merge, the operator-form check, the merge size.
The quantisation itself is checked where onnxruntime is: training/ship_int8.sh, and the studio's tests
(src/models/manifest.test.ts, src/cli/eval.test.ts, e2e/int8.spec.ts) on the shipped file."""
import collections
import json
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

TRAINING = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TRAINING))
import quantize_int8 as q  # noqa: E402
from data import data_root, load_em  # noqa: E402

HAVE_EM = (data_root() / "isbi2012_em" / "split.json").exists()
FP32 = {"id": "m", "name": "U-Net, EM", "file": "m.onnx", "sha256": "0" * 64, "bytes": 10, "description": "d",
        "architecture": {"depth": 4}, "input": {"channels": 1}, "output": {"kind": "sigmoid-logit"},
        "tiling": {"tile": 256}, "threshold": 0.45, "training": {"data": "x"}, "metrics": {"iou": 0.9},
        "license": "MIT"}


class TestQuantizeInt8(unittest.TestCase):
    @unittest.skipUnless(HAVE_EM, "needs ISBI 2012 EM under the data root")
    def test_crops_are_windows_of_training_slices(self):
        train = [img for _, img, _ in load_em("train")]
        self.assertEqual(len(train), 20)
        crops = q.calibration_crops(22, tile=64, seed=3)
        wins = q.crop_windows(22, [t.shape for t in train], 64, seed=3)
        self.assertEqual(crops.shape, (22, 1, 64, 64))
        self.assertEqual([k for k, _, _ in wins], [i % 20 for i in range(22)])  # every training slice
        for c, (k, y, x) in zip(crops, wins):
            np.testing.assert_array_equal(c[0], train[k][y:y + 64, x:x + 64])
        self.assertGreater(len({(y, x) for _, y, x in wins}), 20)  # positions vary

    def test_card_keeps_the_fp32_contract(self):
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "m-int8.onnx"
            f.write_bytes(b"int8")
            card = q.int8_card(FP32, f, crops=32, method="minmax", reduce_range=True, chosen_by="minmax 0.9")
        self.assertEqual((card["id"], card["file"], card["bytes"]), ("m-int8", "m-int8.onnx", 4))
        self.assertEqual(card["name"], "U-Net, EM, int8 (CPU)")
        for k in ("architecture", "input", "output", "tiling", "threshold", "training"):
            self.assertEqual(card[k], FP32[k])
        self.assertNotIn("metrics", card)  # measured by npm run eval --write-manifest, never copied
        self.assertEqual(card["quantization"]["format"], "QOperator")
        self.assertEqual(card["quantization"]["of"], "m")
        self.assertEqual(card["quantization"]["calibration"], "32 crops of training slices 00-19, method minmax")

    def test_write_card_inserts_after_its_fp32_card_then_replaces(self):
        with tempfile.TemporaryDirectory() as d:
            man = Path(d) / "models.json"
            man.write_text(json.dumps({"version": 1, "models": [FP32, {"id": "other"}]}))
            q.write_card(man, {"id": "m-int8", "v": 1}, after="m")
            q.write_card(man, {"id": "m-int8", "v": 2}, after="m")
            models = json.loads(man.read_text())["models"]
        self.assertEqual([c["id"] for c in models], ["m", "m-int8", "other"])
        self.assertEqual(models[1]["v"], 2)

    def test_operator_form_check(self):
        q.check_operator_form(collections.Counter(QLinearConv=18, QuantizeLinear=5, DequantizeLinear=5))
        with self.assertRaises(SystemExit):  # QDQ: a DequantizeLinear per weight and activation, float Conv
            q.check_operator_form(collections.Counter(Conv=19, QuantizeLinear=40, DequantizeLinear=59))
        with self.assertRaises(SystemExit):
            q.check_operator_form(collections.Counter(QLinearConv=2, QuantizeLinear=2, DequantizeLinear=2))

    def test_flush_size_never_divides_the_crop_count(self):
        for n in range(1, 500):
            self.assertNotEqual(n % q.flush_every(n), 0, n)


if __name__ == "__main__":
    unittest.main()
