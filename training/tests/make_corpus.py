#!/usr/bin/env python3
"""Write the microscopy test corpus with an independent writer (tifffile, PIL), for src/io/*.test.ts and e2e.

Usage: python3 training/tests/make_corpus.py OUTDIR

Every pixel is a deterministic function of (t, z, c, y, x) (see `v8` / `v16` below; src/io/corpus.ts holds
the same formulas), so a reader can be checked exactly on any plane or region. Files (W=21, H=13 unless said):

  ome_zcyx.ome.tif       OME-TIFF uint16 Z=3 C=2, PhysicalSize 0.325/0.325/1.5 µm, channels DAPI, GFP
  ome_tzcyx.ome.tif      OME-TIFF uint8 T=2 Z=3 C=2, PhysicalSizeX/Y 650 nm (unit conversion), channels A, B
  ome_tiffdata.ome.tif   OME-TIFF uint8 Z=2 C=2 (XYZCT), one TiffData per plane, IFDs stored in reverse
  ome_rgb.ome.tif        OME-TIFF uint8 Z=2 RGB (one Channel with SamplesPerPixel 3, interleaved samples)
  imagej_hyper.tif       ImageJ hyperstack uint16 T=2 Z=3 C=2, 0.5 µm pixels (unit=micron), spacing 2
  imagej_onepage.tif     imagej_hyper.tif with page 0's next-IFD set to 0: ImageJ's > 4 GB layout (one IFD, planes back to back)
  imagej_rgb.tif         ImageJ RGB Z-stack uint8 Z=2 (no unit: pixel size unknown)
  imagej_um.tif          ImageJ Z-stack uint16 Z=4, 0.25 µm pixels written as unit=\\u00B5m
  multipage.tif          plain TIFF uint8, 5 pages (= Z), no metadata
  mixed_sizes.tif        plain TIFF uint8: 3 pages 21×13 (Z) then a 10×6 thumbnail page
  tifffile_tczyx.tif     tifffile shaped JSON axes TCZYX uint16 T=2 C=2 Z=3 (no OME/ImageJ header)
  tifffile_czyx.tif      tifffile shaped JSON axes CZYX uint8 C=2 Z=3: tifffile stores Z=3 as planar samples
  rgb_interleaved.tif    uint8 RGB, PlanarConfiguration 1 (contig)
  planar_3ch.tif         uint16 3 samples, PlanarConfiguration 2 (separate), MinIsBlack
  res_cm.tif             uint16 single page, XResolution 40000 px/cm (0.25 µm), ResolutionUnit cm
  bigtiff.tif            BigTIFF float32, 2 pages
  tiled.tif              uint16 50×40, 16×16 tiles, deflate
  dtype_<type>.tif       single page of int8, int16, int32, uint32, float32, float64
  pil_lzw.tif, pil_lzw16.tif, pil_packbits.tif   uint8 / uint16 / uint8 single page, written by PIL with LZW / PackBits
  pil_jpeg.tif           RGB uint8, JPEG-compressed TIFF written by PIL (quality 95: lossy)
  rgb.png, rgb.jpg       8-bit RGB (JPEG quality 95: lossy)
  grey16.png             16-bit grey PNG
  stack_z3.ome.tif       OME-TIFF uint8 Z=3 128×128 of bright discs that move with z, 0.5 µm pixels (stack e2e)
  two_channel.ome.tif    OME-TIFF uint8 C=2 128×128 of bright discs (channel 1 differs from channel 0)
  two_channel_c1.tif     channel 1 of two_channel.ome.tif alone, as a plain single-channel TIFF
"""
import os
import sys

import numpy as np
import tifffile
from PIL import Image

W, H = 21, 13


def grid(shape_tzc, w=W, h=H):
    """(T, Z, C, H, W) index grids."""
    t, z, c = shape_tzc
    return np.meshgrid(np.arange(t), np.arange(z), np.arange(c), np.arange(h), np.arange(w), indexing='ij')


def v8(t, z, c, y, x):
    return ((x + 3 * y + 29 * c + 47 * z + 83 * t) % 256).astype(np.uint8)


def v16(t, z, c, y, x):
    return ((x + 32 * y + 1024 * (c + 4 * z + 32 * t)) % 65536).astype(np.uint16)


def tzc(fn, t, z, c, w=W, h=H):
    """Array (T, Z, C, H, W) of fn."""
    return fn(*grid((t, z, c), w, h))


def discs(centres, size=128, radius=11, value=200):
    yy, xx = np.mgrid[:size, :size]
    img = np.full((size, size), 20, np.uint8)
    for cy, cx in centres:
        img[(yy - cy) ** 2 + (xx - cx) ** 2 <= radius ** 2] = value
    return img


def main(out):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)  # noqa: E731

    a = tzc(v16, 1, 3, 2)[0]  # Z C Y X
    tifffile.imwrite(p('ome_zcyx.ome.tif'), a, ome=True, photometric='minisblack', metadata={
        'axes': 'ZCYX', 'PhysicalSizeX': 0.325, 'PhysicalSizeY': 0.325, 'PhysicalSizeZ': 1.5,
        'PhysicalSizeXUnit': 'µm', 'PhysicalSizeYUnit': 'µm', 'PhysicalSizeZUnit': 'µm',
        'Channel': {'Name': ['DAPI', 'GFP']}})

    a = tzc(v8, 2, 3, 2)  # T Z C Y X
    tifffile.imwrite(p('ome_tzcyx.ome.tif'), a, ome=True, photometric='minisblack', metadata={
        'axes': 'TZCYX', 'PhysicalSizeX': 650, 'PhysicalSizeY': 650, 'PhysicalSizeXUnit': 'nm',
        'PhysicalSizeYUnit': 'nm', 'Channel': {'Name': ['A', 'B']}})

    a = np.moveaxis(tzc(v8, 1, 2, 3)[0], 1, -1)  # Z Y X S
    tifffile.imwrite(p('ome_rgb.ome.tif'), a, ome=True, photometric='rgb', metadata={'axes': 'ZYXS'})

    # Explicit TiffData per plane, IFDs in reverse plane order: only a reader that follows TiffData gets it right.
    a = tzc(v8, 1, 2, 2)[0]  # Z C Y X
    planes = [(z, c) for c in range(2) for z in range(2)]  # XYZCT order: z fastest
    ifd_of = {pl: len(planes) - 1 - i for i, pl in enumerate(planes)}
    tiffdata = ''.join(
        f'<TiffData IFD="{ifd_of[(z, c)]}" FirstZ="{z}" FirstC="{c}" FirstT="0" PlaneCount="1"/>' for z, c in planes)
    xml = ('<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">'
           '<Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="%d" SizeY="%d" '
           'SizeZ="2" SizeC="2" SizeT="1" PhysicalSizeX="0.1" PhysicalSizeY="0.2">'
           '<Channel ID="Channel:0:0" Name="first" SamplesPerPixel="1"/><Channel ID="Channel:0:1" Name="second" '
           'SamplesPerPixel="1"/>%s</Pixels></Image></OME>') % (W, H, tiffdata)
    by_ifd = sorted(planes, key=lambda pl: ifd_of[pl])
    with tifffile.TiffWriter(p('ome_tiffdata.ome.tif')) as tw:
        for i, (z, c) in enumerate(by_ifd):
            tw.write(a[z, c], photometric='minisblack', metadata=None, description=xml if i == 0 else None)

    a = tzc(v16, 2, 3, 2)  # T Z C Y X
    tifffile.imwrite(p('imagej_hyper.tif'), a, imagej=True, resolution=(2.0, 2.0),
                     metadata={'axes': 'TZCYX', 'unit': 'micron', 'spacing': 2.0})

    # tifffile writes the planes' data back to back after page 0; cutting the page chain after page 0 leaves
    # exactly the layout ImageJ writes for stacks over 4 GB.
    with open(p('imagej_hyper.tif'), 'rb') as f:
        raw = bytearray(f.read())
    with tifffile.TiffFile(p('imagej_hyper.tif')) as tf:
        ifd0 = tf.pages[0].offset
        offs = [pg.dataoffsets[0] for pg in tf.pages]
        assert all(b - a == H * W * 2 for a, b in zip(offs, offs[1:])), 'planes not contiguous'
    n = int.from_bytes(raw[ifd0:ifd0 + 2], 'little')
    raw[ifd0 + 2 + 12 * n:ifd0 + 6 + 12 * n] = (0).to_bytes(4, 'little')
    with open(p('imagej_onepage.tif'), 'wb') as f:
        f.write(raw)

    a = np.moveaxis(tzc(v8, 1, 2, 3)[0], 1, -1)  # Z Y X S
    tifffile.imwrite(p('imagej_rgb.tif'), a, imagej=True, photometric='rgb', metadata={'axes': 'ZYXS'})

    a = tzc(v16, 1, 4, 1)[0, :, 0]  # Z Y X
    tifffile.imwrite(p('imagej_um.tif'), a, imagej=True, resolution=(4.0, 4.0),
                     metadata={'axes': 'ZYX', 'unit': '\\u00B5m'})

    a = tzc(v8, 1, 5, 1)[0, :, 0]
    with tifffile.TiffWriter(p('multipage.tif')) as tw:
        for page in a:
            tw.write(page, photometric='minisblack', metadata=None)

    with tifffile.TiffWriter(p('mixed_sizes.tif')) as tw:
        for page in tzc(v8, 1, 3, 1)[0, :, 0]:
            tw.write(page, photometric='minisblack', metadata=None)
        tw.write(np.full((6, 10), 7, np.uint8), photometric='minisblack', metadata=None)

    a = np.moveaxis(tzc(v16, 2, 3, 2), 2, 1)  # T C Z Y X
    tifffile.imwrite(p('tifffile_tczyx.tif'), a, photometric='minisblack', metadata={'axes': 'TCZYX'})
    a = np.moveaxis(tzc(v8, 1, 3, 2)[0], 1, 0)  # C Z Y X
    tifffile.imwrite(p('tifffile_czyx.tif'), a, metadata={'axes': 'CZYX'})

    a = np.moveaxis(tzc(v8, 1, 1, 3)[0, 0], 0, -1)  # Y X 3
    tifffile.imwrite(p('rgb_interleaved.tif'), a, photometric='rgb', planarconfig='contig', metadata=None)

    a = tzc(v16, 1, 1, 3)[0, 0]  # 3 Y X
    tifffile.imwrite(p('planar_3ch.tif'), a, photometric='minisblack', planarconfig='separate', metadata=None)

    a = tzc(v16, 1, 1, 1)[0, 0, 0]
    tifffile.imwrite(p('res_cm.tif'), a, photometric='minisblack', metadata=None, resolution=(40000.0, 40000.0),
                     resolutionunit='CENTIMETER')

    a = (tzc(v16, 1, 2, 1)[0, :, 0].astype(np.float32) * 0.25 - 100).astype(np.float32)
    tifffile.imwrite(p('bigtiff.tif'), a, bigtiff=True, photometric='minisblack', metadata=None)

    a = tzc(v16, 1, 1, 1, w=50, h=40)[0, 0, 0]
    tifffile.imwrite(p('tiled.tif'), a, tile=(16, 16), compression='zlib', photometric='minisblack', metadata=None)

    base = tzc(v16, 1, 1, 1)[0, 0, 0].astype(np.int64)
    for dt, arr in [('int8', (base % 256) - 128), ('int16', base - 30000), ('int32', base * 1000 - 200000),
                    ('uint32', base * 70000), ('float32', base * 0.25 - 100), ('float64', base * 0.125 - 7)]:
        tifffile.imwrite(p(f'dtype_{dt}.tif'), arr.astype(dt), photometric='minisblack', metadata=None)

    rgb = np.moveaxis(tzc(v8, 1, 1, 3)[0, 0], 0, -1)
    # A second independent TIFF writer (PIL/libtiff) for the compressions tifffile needs imagecodecs for.
    Image.fromarray(tzc(v8, 1, 1, 1)[0, 0, 0]).save(p('pil_lzw.tif'), compression='tiff_lzw')
    Image.fromarray(tzc(v16, 1, 1, 1)[0, 0, 0]).save(p('pil_lzw16.tif'), compression='tiff_lzw')
    Image.fromarray(tzc(v8, 1, 1, 1)[0, 0, 0]).save(p('pil_packbits.tif'), compression='packbits')
    Image.fromarray(rgb, 'RGB').save(p('pil_jpeg.tif'), compression='jpeg', quality=95)
    Image.fromarray(rgb, 'RGB').save(p('rgb.png'))
    Image.fromarray(rgb, 'RGB').save(p('rgb.jpg'), quality=95)
    Image.fromarray(tzc(v16, 1, 1, 1)[0, 0, 0]).save(p('grey16.png'))

    stack = np.stack([discs([(30 + 10 * z, 30), (90, 40 + 15 * z), (60, 100 - 20 * z)]) for z in range(3)])
    tifffile.imwrite(p('stack_z3.ome.tif'), stack, ome=True, photometric='minisblack',
                     metadata={'axes': 'ZYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeY': 0.5, 'PhysicalSizeZ': 2.0})

    c0 = discs([(30, 30), (90, 40), (60, 100)])
    c1 = discs([(25, 95), (100, 100), (64, 64), (100, 20)], radius=14)
    tifffile.imwrite(p('two_channel.ome.tif'), np.stack([c0, c1]), ome=True, photometric='minisblack',
                     metadata={'axes': 'CYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeY': 0.5,
                               'Channel': {'Name': ['nuclei', 'membrane']}})
    tifffile.imwrite(p('two_channel_c1.tif'), c1, photometric='minisblack', metadata=None)


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: make_corpus.py OUTDIR')
    main(sys.argv[1])
