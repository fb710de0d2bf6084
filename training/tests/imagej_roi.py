"""A reader of ImageJ .roi files and ROI-set zips, written from the format description in ImageJ's
ij/io/RoiDecoder.java header comment (not from this project's TypeScript writer), and a rasteriser that
follows ImageJ's fill rule: pixel (x, y) is the square [x, x+1] x [y, y+1] and is inside when its centre is
inside the outline (even-odd), as ij/process/PolygonFiller and Java2D's fill of a composite ROI do.

Layout (big-endian): 0-3 "Iout", 4-5 version, 6 type (0 polygon, 1 rect, ..., 7 freehand, 8 traced),
8-9 top, 10-11 left, 12-13 bottom, 14-15 right, 16-17 number of coordinates, 36-39 shape-array size
(> 0: a composite ROI, type must be rect), 60-63 header2 offset, 64- coordinates: n x shorts then n y
shorts relative to (left, top); for a composite, floats: segment type (0 moveto, 1 lineto, 2 quadto,
3 cubicto, 4 close) followed by its points in image coordinates. header2: +16 name offset, +20 name length
(UTF-16 chars).
"""
import io
import struct
import zipfile

import numpy as np


def _short(b, off):
    v = struct.unpack(">h", b[off:off + 2])[0]
    if v < -5000:  # RoiDecoder.getShort: values above 32767 are stored unsigned
        v = struct.unpack(">H", b[off:off + 2])[0]
    return v


def read_roi(b):
    """Decode one .roi: dict(version, type, bounds=(top,left,bottom,right), name, rings=[[(x, y), ...], ...])."""
    if b[0:4] != b"Iout":
        raise ValueError("not an ImageJ ROI (no 'Iout' magic)")
    version = struct.unpack(">h", b[4:6])[0]
    rtype = b[6]
    top, left, bottom, right = (_short(b, o) for o in (8, 10, 12, 14))
    n = _short(b, 16)
    shape_size = struct.unpack(">i", b[36:40])[0]
    hdr2 = struct.unpack(">i", b[60:64])[0]
    rings = []
    if shape_size > 0:
        if rtype != 1:
            raise ValueError("composite ROI must have type 1")
        vals = struct.unpack(">%df" % shape_size, b[64:64 + 4 * shape_size])
        i, ring = 0, None
        while i < len(vals):
            seg = int(vals[i])
            if seg == 0:
                ring = [(vals[i + 1], vals[i + 2])]
                i += 3
            elif seg == 1:
                ring.append((vals[i + 1], vals[i + 2]))
                i += 3
            elif seg == 4:
                rings.append(ring)
                ring = None
                i += 1
            else:
                raise ValueError("curve segment %d in a traced outline" % seg)
        if ring:
            rings.append(ring)
    else:
        xs = [_short(b, 64 + 2 * i) for i in range(n)]
        ys = [_short(b, 64 + 2 * n + 2 * i) for i in range(n)]
        rings.append([(left + x, top + y) for x, y in zip(xs, ys)])
    name = None
    if hdr2 > 0:
        off, length = struct.unpack(">ii", b[hdr2 + 16:hdr2 + 24])
        if off and length:
            name = b[off:off + 2 * length].decode("utf-16-be")
    return dict(version=version, type=rtype, bounds=(top, left, bottom, right), name=name, rings=rings, n=n)


def read_roi_zip(data):
    """Entries of a ROI-set zip in order: [(entry name, decoded roi), ...]."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            out.append((info.filename, read_roi(z.read(info))))
    return out


def rasterise(rings, height, width):
    """Even-odd fill by pixel centres: True where the centre (x+0.5, y+0.5) is inside the rings."""
    mask = np.zeros((height, width), bool)
    ys = np.arange(height) + 0.5
    xs = np.arange(width) + 0.5
    for ring in rings:
        pts = np.asarray(ring, float)
        x0, y0 = pts[:, 0], pts[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for e in range(len(pts)):
            if y0[e] == y1[e]:
                continue
            lo, hi = min(y0[e], y1[e]), max(y0[e], y1[e])
            rows = np.nonzero((ys > lo) & (ys < hi))[0]
            for r in rows:
                xc = x0[e] + (ys[r] - y0[e]) * (x1[e] - x0[e]) / (y1[e] - y0[e])
                mask[r] ^= xs < xc  # crossing to the right of the centre flips it
    return mask
