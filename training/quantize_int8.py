"""Quantise a shipped fp32 U-Net (public/models/<id>.onnx) to int8 for the CPU (WASM) path.

  /work/venv-q/bin/python training/quantize_int8.py --id em-unet [--method minmax|percentile|entropy]
      [--crops 32] [--out public/models/em-unet-int8.onnx] [--card-manifest public/models/models.json]

A developer tool: it needs onnxruntime's Python package (`onnxruntime.quantization`), which CI and `npm test` do
not have; install it into a venv (training/README.md). What it writes and why:
- operator form (QuantFormat.QOperator: QLinearConv, QLinearConcat, uint8 MaxPool), not QDQ. In onnxruntime-web's
  WASM EP the operator form ran 1.45x faster than fp32 while the QDQ form ran 2.3x *slower* (issue #7): the WASM
  build runs QDQ graphs as DequantizeLinear -> float Conv -> QuantizeLinear instead of fusing them.
- weights int8 per output channel (BatchNorm is folded into the convolutions, so channel scales differ widely),
  activations uint8 per tensor, ranges calibrated on crops of the TRAINING slices only (split.json "train"),
  normalised per whole slice exactly as the studio does (data.load_em: percentile 1-99.8, nearest rank).
- kept in float: the 1x1 head (its output is the logit the threshold cuts: 8-bit steps there would move pixels
  across the threshold) and ConvTranspose (the operator form has no QLinearConvTranspose, so ORT dequantises
  around it).
- reduce_range (7-bit weights) by default: x86 CPUs without VNNI multiply u8 x s8 pairs into saturating int16
  (vpmaddubsw); 7-bit weights cannot saturate, so onnxruntime-node gives the same masks on every CPU and the
  manifest metrics reproduce anywhere.
`--card-manifest` writes the int8 card (the fp32 card's architecture, input, tiling and threshold; a
`quantization` block; no metrics: `npm run eval -- --write-manifest` measures them).
"""
import argparse
import collections
import hashlib
import itertools
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from data import load_em  # noqa: E402

REPO = HERE.parent
METHODS = ("minmax", "percentile", "entropy")


def crop_windows(n: int, shapes, tile: int, seed: int = 0):
    """(slice index, y, x) of n tile×tile windows: round-robin over the slices, seeded positions inside each."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        k = i % len(shapes)
        out.append((k, *(int(rng.integers(0, s - tile + 1)) for s in shapes[k])))
    return out


def calibration_crops(n: int, tile: int = 256, seed: int = 0) -> np.ndarray:
    """n crops [n,1,tile,tile] of the normalised TRAINING slices (split.json "train"; never the test slices)."""
    slices = [img for _, img, _ in load_em("train")]
    out = np.empty((n, 1, tile, tile), np.float32)
    for i, (k, y, x) in enumerate(crop_windows(n, [s.shape for s in slices], tile, seed)):
        out[i, 0] = slices[k][y:y + tile, x:x + tile]
    return out


def quantize(src: Path, dst: Path, crops: np.ndarray, method: str = "minmax", reduce_range: bool = True,
             keep_float=("ConvTranspose",), threads: int = 1) -> Path:
    """Write the operator-form int8 model of src to dst; the head (last Conv) and `keep_float` ops stay float."""
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                          quantize_static)

    class Crops(CalibrationDataReader):
        def __init__(self):
            self.it = iter(crops[i:i + 1] for i in range(len(crops)))

        def get_next(self):
            x = next(self.it, None)
            return None if x is None else {"input": x}

    graph = onnx.load(str(src)).graph
    convs = [n for n in graph.node if n.op_type == "Conv"]
    head = [convs[-1].name] if convs and convs[-1].output[0] == graph.output[0].name else []
    so = ort.SessionOptions()
    so.intra_op_num_threads, so.inter_op_num_threads = threads, 1
    cal = {"minmax": CalibrationMethod.MinMax, "percentile": CalibrationMethod.Percentile,
           "entropy": CalibrationMethod.Entropy}[method]
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:  # the calibrator writes its augmented model next to cwd otherwise
        import os
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            quantize_static(str(Path(cwd, src)), str(Path(cwd, dst)), Crops(), quant_format=QuantFormat.QOperator,
                            per_channel=True, reduce_range=reduce_range, activation_type=QuantType.QUInt8,
                            weight_type=QuantType.QInt8, calibrate_method=cal, nodes_to_exclude=head,
                            op_types_to_quantize=[t for t in ("Conv", "Relu", "MaxPool", "Concat") if t not in keep_float],
                            extra_options={"CalibMaxIntermediateOutputs": flush_every(len(crops)),
                                           "CalibPercentile": 99.999})
        finally:
            os.chdir(cwd)
    return dst


def flush_every(n: int) -> int:
    """MinMax keeps every intermediate tensor (~100 MB per 256² crop) until it merges them; merge every k crops,
    with k not dividing n: onnxruntime 1.30 raises "No data is collected" when the last merge empties its list."""
    return next(k for k in itertools.count(4) if n % k)


def op_histogram(path: Path) -> collections.Counter:
    import onnx
    return collections.Counter(n.op_type for n in onnx.load(str(path)).graph.node)


def check_operator_form(hist: collections.Counter) -> None:
    """Operator form: convolutions are QLinearConv and only a few (De)QuantizeLinear sit at float islands."""
    if hist.get("QLinearConv", 0) == 0:
        raise SystemExit(f"no QLinearConv in the result: {dict(hist)}")
    q = hist.get("QuantizeLinear", 0) + hist.get("DequantizeLinear", 0)
    if q >= hist["QLinearConv"]:
        raise SystemExit(f"{q} (De)QuantizeLinear nodes for {hist['QLinearConv']} QLinearConv: looks like QDQ form")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def int8_card(fp32: dict, path: Path, *, crops: int, method: str, reduce_range: bool, name: str = "",
              chosen_by: str = "") -> dict:
    """The int8 card: the fp32 card's contract (architecture, input, output, tiling, threshold, training) + quantization."""
    keep = ("architecture", "input", "output", "tiling", "threshold", "training")
    card = {"id": path.stem, "name": name or f"{fp32['name']}, int8 (CPU)", "file": path.name,
            "sha256": sha256_of(path), "bytes": path.stat().st_size,
            "description": (f"{fp32['id']} quantised to int8 for the CPU (WASM) path: QLinearConv operator form, "
                            f"per-channel weights, head and transposed convolutions in float. Faster than fp32 on "
                            f"WASM; on WebGPU the studio runs it on WASM (no QLinearConv kernel there).")}
    card.update({k: json.loads(json.dumps(fp32[k])) for k in keep})
    card["quantization"] = {
        "format": "QOperator", "weights": f"int8 per-channel{' (7-bit range)' if reduce_range else ''}",
        "activations": "uint8 per-tensor",
        "calibration": f"{crops} crops of training slices 00-19, method {method}",
        "float": "head Conv, ConvTranspose", "of": fp32["id"]}
    if chosen_by:
        card["quantization"]["chosenBy"] = chosen_by
    card["license"] = fp32.get("license", "MIT")
    return card


def write_card(manifest: Path, card: dict, after: str) -> None:
    """Replace the card with this id, or insert it after the card `after` (keeps every other card as it is)."""
    m = json.loads(Path(manifest).read_text())
    models = m["models"]
    ids = [c["id"] for c in models]
    if card["id"] in ids:
        models[ids.index(card["id"])] = card
    else:
        models.insert(ids.index(after) + 1 if after in ids else len(models), card)
    tmp = Path(manifest).with_suffix(".json.tmp")
    tmp.write_text(json.dumps(m, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(manifest)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--id", required=True, help="the fp32 model's id in the manifest")
    p.add_argument("--models-dir", type=Path, default=REPO / "public" / "models")
    p.add_argument("--out", type=Path, help="default: <models-dir>/<id>-int8.onnx")
    p.add_argument("--method", choices=METHODS, default="minmax")
    p.add_argument("--crops", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--full-range", action="store_true", help="8-bit weights (default 7-bit, see above)")
    p.add_argument("--card-manifest", type=Path, help="write the int8 card into this models.json")
    p.add_argument("--name", default="", help='card name (default "<fp32 name>, int8 (CPU)")')
    p.add_argument("--chosen-by", default="", help="how --method was chosen, kept in the card (ship_int8.sh)")
    p.add_argument("--card-only", action="store_true", help="write the card for an existing --out, no quantising")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    fp32 = next((c for c in json.loads((a.models_dir / "models.json").read_text())["models"] if c["id"] == a.id), None)
    if fp32 is None:
        p.error(f"no card {a.id!r} in {a.models_dir / 'models.json'}")
    out = a.out or a.models_dir / f"{a.id}-int8.onnx"
    if not a.card_only:
        crops = calibration_crops(a.crops, fp32["tiling"]["tile"], a.seed)
        quantize(a.models_dir / fp32["file"], out, crops, a.method, not a.full_range, threads=a.threads)
        print(f"wrote {out} ({out.stat().st_size} bytes; method {a.method}, {a.crops} crops)")
    hist = op_histogram(out)
    print("ops: " + ", ".join(f"{k} {v}" for k, v in sorted(hist.items(), key=lambda kv: -kv[1])))
    check_operator_form(hist)
    if a.card_manifest:
        card = int8_card(fp32, out, crops=a.crops, method=a.method, reduce_range=not a.full_range, name=a.name,
                         chosen_by=a.chosen_by)
        write_card(a.card_manifest, card, after=a.id)
        print(f"{a.card_manifest}: card {card['id']} (sha256 {card['sha256'][:12]}...)")


if __name__ == "__main__":
    main()
