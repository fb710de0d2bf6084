/**
 * Writes the streamed exports of a known pattern, for training/tests/test_large_exports.py to read back with
 * tifffile and zarr (independent readers): `tsx src/cli/writeExportFixtures.ts OUTDIR`.
 *   labels16.tif   1100×700 uint16, deflate, tiles 512     value (x·7 + y·13) mod 65536
 *   labels32.tif   1100×700 uint32, uncompressed, tiles 256   value x·100003 + y + 1
 *   image.zarr     OME-Zarr 0.4: image uint16 = labels16 pattern, labels/cells uint32 = labels32 pattern, 3 levels, chunks 256
 * The data goes through TileStores with a small budget and a temp-file spill, as a real export does.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeOmeZarr } from '../io/omeZarrWriter';
import { writeTiledBigTiff } from '../io/tiledTiffWriter';
import { TileStore } from '../store/tileStore';
import { dirSink, fileSink, tempSpill } from './nodeFiles';

const W = 1100, H = 700;
const p16 = (x: number, y: number) => (x * 7 + y * 13) % 65536;
const p32 = (x: number, y: number) => x * 100003 + y + 1;

function fill(store: TileStore, f: (x: number, y: number) => number) {
  for (let y = 0; y < H; y += 100) {
    const rows = Math.min(100, H - y), band = new Float64Array(W * rows);
    for (let r = 0; r < rows; r++) for (let x = 0; x < W; x++) band[r * W + x] = f(x, y + r);
    store.writeRegion({ x: 0, y, width: W, height: rows }, band);
  }
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: writeExportFixtures.ts OUTDIR');
  mkdirSync(out, { recursive: true });
  for (const [file, dtype, T, f, compression] of [['labels16.tif', 'uint16', 512, p16, 'deflate'], ['labels32.tif', 'uint32', 256, p32, 'none']] as const) {
    const store = new TileStore({ width: W, height: H, dtype, tileSize: T, budgetBytes: 2 * T * T * 4, spill: tempSpill(T * T * (dtype === 'uint16' ? 2 : 4)) });
    fill(store, f);
    const sink = fileSink(join(out, file));
    await writeTiledBigTiff(sink, { width: W, height: H, dtype, tileSize: T, compression, description: `test pattern ${dtype}` }, (tx, ty) => store.getTile(tx, ty));
    sink.close();
    store.close();
  }
  const img = new TileStore({ width: W, height: H, dtype: 'uint16', tileSize: 128, budgetBytes: 4 * 128 * 128 * 2 });
  const lab = new TileStore({ width: W, height: H, dtype: 'uint32', tileSize: 128, budgetBytes: 4 * 128 * 128 * 4 });
  fill(img, p16);
  fill(lab, p32);
  await writeOmeZarr(dirSink(join(out, 'image.zarr')), {
    width: W, height: H, levels: 3, chunk: 256, pixelSize: { x: 0.5, y: 0.25 },
    image: { dtype: 'uint16', read: (r, s) => img.readRegion(r, s) },
    labels: { dtype: 'uint32', read: (r, s) => lab.readRegion(r, s), name: 'cells' },
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
