import { describe, expect, it } from 'vitest';
import { fileSpill, memorySpill, type SyncFile } from './spill';
import { TileStore } from './tileStore';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A SyncFile over a growable in-memory buffer: the same positioned read/write contract as OPFS's handle. */
function memFile(): SyncFile & { size: () => number } {
  let buf = new Uint8Array(0);
  return {
    read(b, { at }) {
      const n = Math.max(0, Math.min(b.length, buf.length - at));
      b.set(buf.subarray(at, at + n));
      return n;
    },
    write(b, { at }) {
      if (at + b.length > buf.length) {
        const g = new Uint8Array(Math.max(at + b.length, buf.length * 2));
        g.set(buf);
        buf = g;
      }
      buf.set(b, at);
      return b.length;
    },
    close() {},
    size: () => buf.length,
  };
}

describe('TileStore', () => {
  it('round-trips regions across tile borders and returns zeros where nothing was written', () => {
    const s = new TileStore({ width: 50, height: 37, dtype: 'uint16', tileSize: 16 });
    expect([s.tilesX, s.tilesY]).toEqual([4, 3]);
    const full = new Uint16Array(50 * 37).map((_, i) => (i * 7919) % 65536);
    s.writeRegion({ x: 0, y: 0, width: 50, height: 37 }, full);
    const r = s.readRegion({ x: 13, y: 9, width: 30, height: 25 });
    for (let y = 0; y < 25; y++) for (let x = 0; x < 30; x++) expect(r[y * 30 + x]).toBe(full[(y + 9) * 50 + x + 13]);
    const fresh = new TileStore({ width: 10, height: 10, dtype: 'float32', tileSize: 4 });
    expect(Array.from(fresh.readRegion({ x: 2, y: 2, width: 5, height: 5 })).every((v) => v === 0)).toBe(true);
  });

  it('strided reads pick every n-th pixel from the rect origin', () => {
    const s = new TileStore({ width: 40, height: 30, dtype: 'uint32', tileSize: 8 });
    const full = new Uint32Array(40 * 30).map((_, i) => i);
    s.writeRegion({ x: 0, y: 0, width: 40, height: 30 }, full);
    const r = s.readRegion({ x: 3, y: 1, width: 37, height: 29 }, 5);
    expect(r.length).toBe(8 * 6);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) expect(r[y * 8 + x]).toBe((1 + y * 5) * 40 + 3 + x * 5);
  });

  it('keeps resident bytes within the budget and spills the rest, losing nothing (memory and file backings)', () => {
    for (const makeSpill of [() => memorySpill(), () => fileSpill(memFile(), 32 * 32 * 4)]) {
      const spill = makeSpill();
      const s = new TileStore({ width: 300, height: 200, dtype: 'float32', tileSize: 32, budgetBytes: 5 * 32 * 32 * 4, spill });
      const r = rng(5);
      const full = Float32Array.from({ length: 300 * 200 }, () => r());
      // written in bands, as the streaming engine does
      for (let y = 0; y < 200; y += 50) s.writeRegion({ x: 0, y, width: 300, height: 50 }, full.subarray(y * 300, (y + 50) * 300));
      expect(s.stats.peakResidentBytes).toBeLessThanOrEqual(5 * 32 * 32 * 4);
      expect(s.stats.spillWrites).toBeGreaterThan(0);
      expect(spill.bytesWritten).toBeGreaterThan(0);
      const back = s.readRegion({ x: 0, y: 0, width: 300, height: 200 });
      expect(back).toEqual(full);
      expect(s.stats.spillReads).toBeGreaterThan(0);
      s.close();
    }
  });

  it('persists edits made through getTile(forWrite) across eviction', () => {
    const s = new TileStore({ width: 64, height: 64, dtype: 'uint8', tileSize: 16, budgetBytes: 256 });
    s.getTile(1, 2, true)[3 * 16 + 4] = 200;
    for (let ty = 0; ty < 4; ty++) for (let tx = 0; tx < 4; tx++) s.getTile(tx, ty); // evicts (1,2)
    expect(s.stats.residentTiles).toBe(1);
    expect(s.readRegion({ x: 16 + 4, y: 32 + 3, width: 1, height: 1 })[0]).toBe(200);
  });

  it('rejects regions outside the image', () => {
    const s = new TileStore({ width: 10, height: 10, dtype: 'uint8', tileSize: 4 });
    expect(() => s.readRegion({ x: 5, y: 5, width: 6, height: 1 })).toThrow(/outside/);
    expect(() => s.getTile(3, 0)).toThrow(/outside/);
  });
});
