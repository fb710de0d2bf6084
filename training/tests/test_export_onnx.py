"""training/export_onnx.py: graph contract (names, dynamic N/H/W, opset 17), card fields, manifest merge.
Needs torch + onnx (skipped otherwise). onnxruntime parity is checked on the Node side (src/cli/verifyOnnx)."""
import importlib.util
import json
import sys
import tempfile
import unittest
from pathlib import Path

TRAINING = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TRAINING))
HAVE = all(importlib.util.find_spec(m) for m in ("torch", "onnx"))


@unittest.skipUnless(HAVE, "needs torch and onnx")
class TestExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import torch
        torch.set_num_threads(1)
        import export_onnx
        from export_fixtures import tiny_unet
        cls.torch, cls.ex = torch, export_onnx
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.model = tiny_unet()
        cls.onnx_path = export_onnx.export(cls.model, cls.dir / "m.onnx")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_graph_contract(self):
        import onnx
        g = onnx.load(str(self.onnx_path))
        self.assertEqual([o.version for o in g.opset_import if o.domain in ("", "ai.onnx")], [17])
        for vi, name in ((g.graph.input[0], "input"), (g.graph.output[0], "logits")):
            self.assertEqual(vi.name, name)
            dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
            self.assertEqual(dims, ["N", 1, "H", "W"])
            self.assertEqual(vi.type.tensor_type.elem_type, onnx.TensorProto.FLOAT)
        self.assertNotIn("BatchNormalization", {n.op_type for n in g.graph.node})  # folded in eval mode

    def test_parity_fixture_layout(self):
        import numpy as np
        js = self.ex.write_parity(self.model, self.onnx_path, self.dir / "par", "p", n=3, hw=32, seed=1)
        meta = json.loads(js.read_text())
        raw = np.fromfile(js.parent / meta["bin"], "<f4")
        self.assertEqual(meta["input"]["shape"], [3, 1, 32, 32])
        self.assertEqual(meta["output"]["offset"], 3 * 32 * 32 * 4)
        x = raw[:3 * 32 * 32].reshape(3, 1, 32, 32)
        with self.torch.no_grad():
            y = self.model(self.torch.from_numpy(x.copy())).numpy()
        np.testing.assert_array_equal(raw[3 * 32 * 32:].reshape(y.shape), y)

    def test_card_and_manifest_merge(self):
        ex = self.ex
        man = self.dir / "models.json"
        other = {"id": "other", "name": "keep me", "extra": [1, 2]}
        man.write_text(json.dumps({"version": 1, "models": [other]}))
        train = {"data": "d", "split": "s", "steps": 1, "batch": "b", "augmentation": "a", "seed": 0, "synthetic": True}
        card = ex.make_card(self.model, self.onnx_path, id="m", name="M", description="x", tile=64, halo=8,
                            blend="gaussian", threshold=0.45, training=train)
        self.assertEqual(card["input"]["tileMultiple"], 4)
        self.assertEqual(card["input"]["normalization"], {"kind": "percentile", "low": 1, "high": 99.8})
        self.assertEqual(card["tiling"]["receptiveField"], 44)
        self.assertEqual(card["architecture"]["params"], sum(p.numel() for p in self.model.parameters()))
        self.assertEqual(card["bytes"], self.onnx_path.stat().st_size)
        self.assertEqual(len(card["sha256"]), 64)
        ex.update_manifest(man, card)
        metrics = {"set": "s", "images": 1, "iou": 0.5, "dice": 0.6, "threshold": 0.45, "measuredWith": "t"}
        m = json.loads(man.read_text())
        m["models"][1]["metrics"] = metrics
        man.write_text(json.dumps(m))
        ex.update_manifest(man, dict(card))  # same weights: measured metrics survive a re-export
        m = json.loads(man.read_text())
        self.assertEqual(m["models"][0], other)
        self.assertEqual(m["models"][1]["metrics"], metrics)
        ex.update_manifest(man, {**card, "sha256": "0" * 64})  # new weights: stale metrics are dropped
        self.assertNotIn("metrics", json.loads(man.read_text())["models"][1])
        self.assertEqual(len(json.loads(man.read_text())["models"]), 2)


if __name__ == "__main__":
    unittest.main()
