"""Export a trained U-Net to ONNX (fp32, opset 17) and write its card in public/models/models.json.

  /usr/bin/python3 training/export_onnx.py --ckpt training/runs/em-unet/final.pt --id em-unet \
      --name "U-Net, ISBI 2012 EM" --out public/models/ [--parity-dir DIR] [--parity-only]

The graph has input "input" [N,1,H,W] and output "logits" [N,1,H,W] (N, H, W dynamic; H, W multiples of
2**depth). The weights final.pt ships (its "ema" entry) are exported. A parity fixture (a random input and the PyTorch
output, raw little-endian float32 in one .bin, shapes in a .json sidecar) is written to --parity-dir (a temp
dir by default) so `npx tsx src/cli/verifyOnnx.ts <json>` can check onnxruntime-node against PyTorch.
The rest of the manifest is kept as it is; only the card with this id is replaced (or appended).
--parity-only writes just the fixture for an already exported model (e.g. --parity-dir src/test/fixtures, where
src/cli/verifyOnnx.test.ts checks every *-parity.json against the committed ONNX).
"""
import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from unet import UNet, receptive_field  # noqa: E402

REPO = HERE.parent
INPUT_NAME, OUTPUT_NAME = "input", "logits"
NORMALIZATION = {"kind": "percentile", "low": 1, "high": 99.8}


def export(model: torch.nn.Module, path, opset: int = 17, example_hw: int = 0) -> Path:
    """Write `model` (eval mode) to `path` as ONNX with dynamic N, H, W; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.eval()
    mult = 2 ** getattr(model, "depth", 4)
    hw = example_hw or 2 * mult
    x = torch.zeros(1, 1, hw, hw)
    dyn = {0: "N", 2: "H", 3: "W"}
    with torch.no_grad():
        torch.onnx.export(model, x, str(path), opset_version=opset, input_names=[INPUT_NAME],
                          output_names=[OUTPUT_NAME], dynamic_axes={INPUT_NAME: dyn, OUTPUT_NAME: dyn},
                          do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    import onnx
    onnx.checker.check_model(onnx.load(str(path)))
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_parity(model: torch.nn.Module, onnx_path: Path, out_dir, stem: str, n: int = 2, hw: int = 64,
                 seed: int = 0, ckpt=None) -> Path:
    """Random input [n,1,hw,hw] and the PyTorch logits, as <stem>.bin (input then output) + <stem>.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, hw, hw, generator=g) * 1.2 - 0.1  # normalised images span roughly [0, 1]
    model.eval()
    with torch.no_grad():
        y = model(x)
    xi, yo = x.numpy().astype("<f4"), y.numpy().astype("<f4")
    (out_dir / f"{stem}.bin").write_bytes(xi.tobytes() + yo.tobytes())
    try:
        model_ref = str(Path(onnx_path).resolve().relative_to(REPO))
    except ValueError:
        model_ref = str(Path(onnx_path).resolve())
    meta = {"model": model_ref, "bin": f"{stem}.bin", "dtype": "float32-le",
            "input": {"name": INPUT_NAME, "shape": list(xi.shape), "offset": 0},
            "output": {"name": OUTPUT_NAME, "shape": list(yo.shape), "offset": xi.nbytes},
            "tolerance": 1e-4, "torch": torch.__version__, "onnxSha256": sha256_of(Path(onnx_path))}
    meta.update({"ckpt": str(ckpt)} if ckpt is not None else {})
    js = out_dir / f"{stem}.json"
    js.write_text(json.dumps(meta, indent=2) + "\n")
    return js


def make_card(model: UNet, onnx_path: Path, *, id: str, name: str, description: str, tile: int, halo: int,
              blend: str, threshold: float, training: dict, metrics=None, fixture: bool = False) -> dict:
    rf = receptive_field(model.depth)
    card = {
        "id": id, "name": name, "file": onnx_path.name, "sha256": sha256_of(onnx_path),
        "bytes": onnx_path.stat().st_size, "description": description,
        "architecture": {"kind": "unet", "depth": model.depth, "base": model.base, "skip": bool(model.skip),
                         "padding": "same", "outputCrop": 0,
                         "params": int(sum(p.numel() for p in model.parameters()))},
        "input": {"channels": 1, "tileMultiple": 2 ** model.depth, "normalization": dict(NORMALIZATION),
                  "name": INPUT_NAME},
        "output": {"kind": "sigmoid-logit", "name": OUTPUT_NAME},
        "tiling": {"tile": tile, "halo": halo, "blend": blend, "receptiveField": rf},
        "threshold": float(threshold), "training": training,
    }
    if metrics:
        card["metrics"] = metrics
    card["license"] = "MIT"
    if fixture:
        card["fixture"] = True
    return card


def update_manifest(manifest_path: Path, card: dict) -> None:
    """Replace the card with the same id (keeping its measured metrics if the new card has none) or append."""
    manifest_path = Path(manifest_path)
    m = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"version": 1, "models": []}
    models = m.setdefault("models", [])
    for i, c in enumerate(models):
        if c.get("id") == card["id"]:
            if "metrics" not in card and "metrics" in c and c.get("sha256") == card["sha256"]:
                card = {**card, "metrics": c["metrics"]}
            models[i] = card
            break
    else:
        models.append(card)
    m["version"] = 1
    tmp = manifest_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(m, indent=2) + "\n")
    tmp.replace(manifest_path)


def load_checkpoint(ckpt: Path):
    """(model with the shipped weights, args dict, threshold, steps) from final.pt (or a checkpoint.pt for tries).

    final.pt keeps the shipped state dict under "ema" (select_weights.py names which kind in "weights")."""
    st = torch.load(str(ckpt), map_location="cpu")
    args = {k: str(v) for k, v in st.get("args", {}).items()}
    skip = args.get("skip", "1") not in ("0", "False", "false")
    model = UNet(int(args.get("depth", 4)), int(args.get("base", 16)), skip)
    model.load_state_dict(st["ema"])
    model.eval()
    model.weights_kind = str(st.get("weights", "ema"))  # select_weights.py: "model" | "ema" (older runs: "ema+bn")
    return model, args, float(st.get("threshold", 0.5)), int(st.get("steps", st.get("step", 0)))


AUGMENTATION = ("elastic deformation (3x3 grid, sigma 10 px), rotation/scale, flips, 90-degree rotations, "
                "brightness/contrast/gamma jitter")
WEIGHTS = {"ema": "EMA weights with BatchNorm statistics re-estimated on training crops", "model": "final raw weights",
           "ema+bn": "EMA weights with BatchNorm statistics re-estimated on training crops"}


def training_info(args: dict, steps: int) -> dict:
    ds = args.get("dataset", "em")
    if ds == "em":
        data, split = "isbi2012_em (ISBI 2012 EM, 512x512 8-bit)", "split.json train (slices 00-19); test 20-25 held out"
    elif ds == "ctc":
        data, split = f"Cell Tracking Challenge {args.get('ctc_dir', '')}", "annotated frames, last fifth held out"
    else:  # --dataset folder: images/ + masks/ folders (npm run synth output or a user's own)
        data = f"folder {args.get('data_dir', '')}"
        split = f"train {args.get('data_dir', '')}; held out {args.get('test_dir', '')}"
    synthetic = ds == "folder" and "synth" in (args.get("data_dir", "") + args.get("out", "")).lower()
    if args.get("init") not in (None, "", "None"):
        data += f" (fine-tuned from {args['init']}, {args.get('aug', 'full')} augmentation)"
    return {"data": data, "split": split, "steps": steps,
            "batch": f"{args.get('batch', '4')} x {args.get('tile', '256')}px crops",
            "augmentation": AUGMENTATION + ("; mild (fine-tuning)" if args.get("aug") == "mild" else ""),
            "seed": int(args.get("seed", 2015)), "synthetic": synthetic}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ckpt", type=Path, required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--out", type=Path, default=REPO / "public" / "models")
    p.add_argument("--manifest", type=Path, help="default: <out>/models.json")
    p.add_argument("--tile", type=int, default=256)
    p.add_argument("--halo", type=int, default=32)
    p.add_argument("--blend", choices=["crop", "taper", "gaussian"], default="gaussian")
    p.add_argument("--parity-dir", type=Path, help="where to write <id>-parity.{bin,json} (default: a temp dir)")
    p.add_argument("--parity-only", action="store_true",
                   help="only write the parity fixture for the existing <out>/<id>.onnx (manifest untouched)")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    model, args, threshold, steps = load_checkpoint(a.ckpt)
    onnx_path = a.out / f"{a.id}.onnx"
    if a.parity_only and not onnx_path.exists():
        p.error(f"{onnx_path} does not exist (export it first)")
    if not a.parity_only:
        export(model, onnx_path)
        skip = "with" if model.skip else "without"
        desc = a.description or (
            f"U-Net {skip} skip connections (depth {model.depth}, base {model.base}, same padding, BatchNorm), trained "
            f"on {training_info(args, steps)['data']}; {WEIGHTS.get(model.weights_kind, model.weights_kind)}; "
            f"threshold chosen on the training slices.")
        card = make_card(model, onnx_path, id=a.id, name=a.name, description=desc, tile=a.tile, halo=a.halo,
                         blend=a.blend, threshold=threshold, training=training_info(args, steps))
        update_manifest(a.manifest or a.out / "models.json", card)
        print(f"wrote {onnx_path} ({card['bytes']} bytes, {card['architecture']['params']} params, "
              f"sha256 {card['sha256'][:12]}...)")
    parity_dir = a.parity_dir or Path(tempfile.mkdtemp(prefix=f"{a.id}-parity-"))
    js = write_parity(model, onnx_path, parity_dir, f"{a.id}-parity", ckpt=a.ckpt)
    print(f"parity fixture: {js}\n  check: npx tsx src/cli/verifyOnnx.ts {js}")

if __name__ == "__main__":
    main()
