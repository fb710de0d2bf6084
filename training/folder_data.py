"""Image/mask folders: DIR/images/NAME.{png,tif,tiff} with DIR/masks/NAME.* (same base name), the layout that
`npm run synth` writes (src/synth/cli.ts) and `npm run eval` reads (src/cli/dataset.ts). Used for the
`cells-synthetic` models.

Masks may be binary (0/255, 0/1) or instance labels (8/16-bit); foreground = value > 0. Images are normalised
with data.py's rule (percentile 1–99.8 → 0–1, not clipped), the same as the studio, so 8-bit phase/DIC and
16-bit fluorescence images end up on one scale.
"""
import warnings
from pathlib import Path

import numpy as np

try:  # run as a script from training/ (train.py style) ...
    from data import normalize_percentile, read_image
except ImportError:  # ... or imported as the package `training.folder_data`
    from .data import normalize_percentile, read_image

EXTS = (".png", ".tif", ".tiff")


def _index(folder: Path) -> dict:
    """base name → file for the image-like files in `folder`; the first extension in EXTS order wins (as dataset.ts)."""
    by_base = {}
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXTS)
    for ext in EXTS:
        for p in files:
            if p.suffix.lower() == ext and p.stem not in by_base:
                by_base[p.stem] = p
    return by_base


def load_folder(folder):
    """Return [(name, normalised float32 image, binary uint8 mask)] sorted by name, for every image with a mask.

    Images without a mask are skipped with a warning; a missing folder, no pairs at all, or a mask whose size
    differs from its image raise with the path and what was expected.
    """
    root = Path(folder)
    img_dir, mask_dir = root / "images", root / "masks"
    for d in (img_dir, mask_dir):
        if not d.is_dir():
            raise FileNotFoundError(f"{root.resolve()} has no {d.name}/ folder (expected images/ and masks/ with matching file names)")
    images, masks = _index(img_dir), _index(mask_dir)
    unmatched = sorted(n for n in images if n not in masks)
    if unmatched:
        more = f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else ""
        warnings.warn(f"{len(unmatched)} image(s) in {img_dir} have no mask, skipped: {', '.join(unmatched[:5])}{more}")
    out = []
    for name in sorted(n for n in images if n in masks):
        img = read_image(images[name])
        mask = (read_image(masks[name]) > 0).astype(np.uint8)
        if img.shape != mask.shape:
            raise ValueError(f"{name}: image is {img.shape[1]}×{img.shape[0]} but its mask is {mask.shape[1]}×{mask.shape[0]}; they must match")
        out.append((name, normalize_percentile(img), mask))
    if not out:
        raise FileNotFoundError(f"no image/mask pairs in {root.resolve()} (PNG or TIFF with the same base name in images/ and masks/)")
    return out
