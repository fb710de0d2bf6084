"""Augmentation as in Ronneberger et al. 2015: elastic deformation (random displacements on a coarse 3×3 grid,
σ = 10 px, bicubic upsampling), plus rotation/scale, flips, 90° rotations and brightness/contrast/gamma jitter.
Everything runs batched in torch (grid_sample with reflection padding = mirror border, as at inference)."""
import math

import torch
import torch.nn.functional as F


def random_crops(imgs, masks, n: int, size: int, gen: torch.Generator, margin: int = 64):
    """Crop n patches of (size + 2·margin)² from random images; reflection-pad the sources as needed."""
    big = size + 2 * margin
    xs, ys = [], []
    for _ in range(n):
        k = int(torch.randint(len(imgs), (1,), generator=gen))
        img, mask = imgs[k], masks[k]
        h, w = img.shape[-2:]
        pad_h, pad_w = max(0, big - h), max(0, big - w)
        if pad_h or pad_w:
            img = F.pad(img[None], (0, pad_w, 0, pad_h), mode="reflect")[0]
            mask = F.pad(mask[None], (0, pad_w, 0, pad_h), mode="reflect")[0]
            h, w = img.shape[-2:]
        y0 = int(torch.randint(h - big + 1, (1,), generator=gen))
        x0 = int(torch.randint(w - big + 1, (1,), generator=gen))
        xs.append(img[:, y0:y0 + big, x0:x0 + big])
        ys.append(mask[:, y0:y0 + big, x0:x0 + big])
    return torch.stack(xs), torch.stack(ys)


def exact_augment(x: torch.Tensor, y: torch.Tensor, size: int, gen: torch.Generator):
    """Light augmentation without resampling: centre crop, 90° rotations, flips, intensity jitter.
    Every pixel stays an original pixel, so training inputs are as sharp as the images seen at inference."""
    m = (x.shape[-1] - size) // 2
    xa, ya = x[..., m:m + size, m:m + size].clone(), y[..., m:m + size, m:m + size].clone()
    return _flips_and_intensity(xa, ya, gen, 1.0)


def augment_batch(x: torch.Tensor, y: torch.Tensor, size: int, gen: torch.Generator, elastic_sigma: float = 10.0,
                  mild: bool = False):
    """x, y: (B,1,S,S) with S = size + 2·margin. Returns (B,1,size,size) augmented image and binary mask.
    `mild` (fine-tuning): rotation ±10°, scale 0.95–1.05, elastic σ halved, intensity jitter halved."""
    b, _, s, _ = x.shape
    # affine part: rotation (any angle), isotropic scale 0.85–1.15, centred crop of `size`
    ang = torch.rand(b, generator=gen) * 2 * math.pi if not mild else (torch.rand(b, generator=gen) - 0.5) * math.pi / 9
    scl = 0.85 + 0.3 * torch.rand(b, generator=gen) if not mild else 0.95 + 0.1 * torch.rand(b, generator=gen)
    if mild:
        elastic_sigma = elastic_sigma / 2
    cos, sin = torch.cos(ang) * scl * size / s, torch.sin(ang) * scl * size / s
    theta = torch.stack([torch.stack([cos, -sin, torch.zeros(b)], 1), torch.stack([sin, cos, torch.zeros(b)], 1)], 1)
    grid = F.affine_grid(theta, (b, 1, size, size), align_corners=False)
    # elastic part: 3×3 coarse displacements, σ px in output pixels, bicubic upsampling
    disp = torch.randn(b, 2, 3, 3, generator=gen) * elastic_sigma * 2.0 / s
    disp = F.interpolate(disp, size=(size, size), mode="bicubic", align_corners=True)
    grid = grid + disp.permute(0, 2, 3, 1)
    xa = F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    ya = F.grid_sample(y, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    ya = (ya > 0.5).float()
    return _flips_and_intensity(xa, ya, gen, 0.5 if mild else 1.0)


def _flips_and_intensity(xa: torch.Tensor, ya: torch.Tensor, gen: torch.Generator, k: float):
    b = xa.shape[0]
    # flips and 90° rotations (exact)
    for i in range(b):
        r = int(torch.randint(4, (1,), generator=gen))
        if r:
            xa[i] = torch.rot90(xa[i], r, (1, 2))
            ya[i] = torch.rot90(ya[i], r, (1, 2))
        if bool(torch.rand(1, generator=gen) < 0.5):
            xa[i] = torch.flip(xa[i], (2,))
            ya[i] = torch.flip(ya[i], (2,))
    # intensity: contrast, brightness, gamma (on the 0–1 normalised scale)
    c = 1 + k * 0.5 * (torch.rand(b, 1, 1, 1, generator=gen) - 0.5)
    br = k * 0.15 * (torch.rand(b, 1, 1, 1, generator=gen) - 0.5) * 2
    g = torch.exp(k * 0.3 * (torch.rand(b, 1, 1, 1, generator=gen) - 0.5) * 2)
    xa = (xa.clamp(min=0) ** g) * c + br
    return xa, ya
