/**
 * A large 16-bit tiled, deflate-compressed TIFF for the large-image specs, written by tifffile (an independent
 * writer) one 512² tile at a time, and crops of the same image as small TIFFs. Pixel values are a function of
 * (x, y) only, so a crop written on its own holds exactly the pixels of that region of the large file.
 *
 * Built so that every window of ≥ 16×16 pixels has the same 1st and 99.8th percentiles (the fixture model's
 * normalisation): 1/16 of the rows are exactly 1000 (the minimum), 2/256 of the pixels are exactly 30000 (the
 * maximum), everything else lies strictly between (texture 4000–4350, discs 15000–19900 on a jittered
 * 48-px lattice). So a sampled pass over the large image and the exact pass over a crop normalise identically,
 * and a region segmented alone can be compared with the same region of the large run.
 */
import { execFileSync } from 'node:child_process';

const valueFn = `
import numpy as np, tifffile, sys
def val(x0, y0, w, h):
    y, x = np.mgrid[y0:y0 + h, x0:x0 + w].astype(np.int64)
    hsh = ((x * 73856093) ^ (y * 19349663)) & 0xffff
    v = 4000 + 50 * (hsh % 8)
    cx, cy = x // 48, y // 48
    ch = ((cx * 2654435761) ^ (cy * 40503)) & 0xffffffff
    ox, oy, r = 12 + ch % 24, 12 + (ch >> 8) % 24, 6 + (ch >> 16) % 10
    inside = ((x % 48) - ox) ** 2 + ((y % 48) - oy) ** 2 < r * r
    v = np.where(inside, 15000 + 100 * (hsh % 50), v)
    v[(y % 16) == 0] = 1000
    v[((x % 16) == 8) & (((y % 16) == 4) | ((y % 16) == 5))] = 30000
    return v.astype(np.uint16)
`;

/** Write the W×H image as a tiled (512²), zlib-compressed 16-bit TIFF (BigTIFF when asked). */
export function writeLargeTiff(path: string, width: number, height: number, bigtiff = false): void {
  execFileSync('/usr/bin/python3', ['-c', `${valueFn}
W, H, T = ${width}, ${height}, 512
def tiles():
    for ty in range(0, H, T):
        for tx in range(0, W, T):
            yield val(tx, ty, T, T)
tifffile.imwrite(${JSON.stringify(path)}, data=tiles(), shape=(H, W), dtype=np.uint16, tile=(T, T), compression='zlib', bigtiff=${bigtiff ? 'True' : 'False'})
`], { stdio: 'inherit' });
}

/** Write the region (x, y, w, h) of the same image as a plain 16-bit TIFF. */
export function writeCropTiff(path: string, x: number, y: number, w: number, h: number): void {
  execFileSync('/usr/bin/python3', ['-c', `${valueFn}
tifffile.imwrite(${JSON.stringify(path)}, val(${x}, ${y}, ${w}, ${h}))
`], { stdio: 'inherit' });
}
