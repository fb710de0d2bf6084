"""Datasets for training and evaluation: ISBI 2012 EM (fixed split.json) and the Cell Tracking Challenge layout.

Data are read from ../shared/datasets (override with SEGSTUDIO_DATA) and never copied into the repository.
Normalisation matches the model card and the studio (src/tiling/normalize.ts): per image, percentile 1–99.8
mapped to 0–1, not clipped.
"""
import json
import os
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "datasets"


def data_root() -> Path:
    return Path(os.environ.get("SEGSTUDIO_DATA", DEFAULT_DATA))


def normalize_percentile(img: np.ndarray, lo: float = 1.0, hi: float = 99.8) -> np.ndarray:
    """Same rule as src/tiling/normalize.ts: nearest-rank percentiles over all pixels of the image."""
    flat = np.sort(img.astype(np.float64).ravel())
    n = flat.size

    def rank(p: float) -> float:
        return float(flat[min(n - 1, max(0, int(np.floor(p / 100.0 * (n - 1) + 0.5))))])

    a, b = rank(lo), rank(hi)
    scale = 1.0 / (b - a) if b > a else 1.0
    return ((img.astype(np.float64) - a) * scale).astype(np.float32)


def read_image(path: Path) -> np.ndarray:
    im = Image.open(path)
    arr = np.array(im)
    if arr.ndim == 3:
        arr = arr[..., :3].mean(axis=2)
    return arr


def load_em(split: str):
    """Return lists of (name, normalised float32 image, binary uint8 mask) for the 'train' or 'test' split."""
    root = data_root() / "isbi2012_em"
    names = json.loads((root / "split.json").read_text())[split]
    out = []
    for n in names:
        img = normalize_percentile(read_image(root / "images" / f"{n}.png"))
        mask = (read_image(root / "masks" / f"{n}.png") > 127).astype(np.uint8)
        out.append((n, img, mask))
    return out


def load_ctc(seq_dir: Path):
    """Cell Tracking Challenge layout: <seq>/tNNN.tif with <seq>_GT/SEG/man_segNNN.tif (instance labels).

    Only annotated frames are returned; foreground = label > 0. Frame numbers may have 3 or 4 digits.
    """
    seq_dir = Path(seq_dir)
    gt_dir = seq_dir.parent / f"{seq_dir.name}_GT" / "SEG"
    if not gt_dir.is_dir():
        raise FileNotFoundError(f"expected ground truth in {gt_dir} (Cell Tracking Challenge layout)")
    out = []
    for gt in sorted(gt_dir.glob("man_seg*.tif")):
        num = gt.stem[len("man_seg"):]
        img_path = seq_dir / f"t{num}.tif"
        if not img_path.exists():
            continue
        img = normalize_percentile(read_image(img_path))
        mask = (read_image(gt) > 0).astype(np.uint8)
        out.append((f"{seq_dir.name}_t{num}", img, mask))
    if not out:
        raise FileNotFoundError(f"no annotated frames found under {gt_dir}")
    return out
