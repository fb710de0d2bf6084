import { describe, expect, it } from 'vitest';
import { AUTO_TILE_MIN_PIXELS, runTiling } from './runTiling';
import { planOverhead } from './chooseTile';

const em = { tiling: { tile: 256, halo: 32, blend: 'gaussian' as const }, input: { tileMultiple: 16 } } as Parameters<typeof runTiling>[0];

describe('runTiling', () => {
  it("below 1 MP the card's tile, so small images compute exactly what they always did", () => {
    const t = runTiling(em, { width: 1023, height: 1024 });
    expect(1023 * 1024).toBeLessThan(AUTO_TILE_MIN_PIXELS);
    expect(t).toMatchObject({ tile: 256, halo: 32, multiple: 16, blend: 'gaussian', batch: 4 });
    expect(t.note).toBe("tile 256 (the model's, halo 32)");
  });

  it('from 1 MP up the least wasteful tile: 2048² with halo 32 runs tile 480 (1.37× computed per kept pixel, 256 would be 1.89×)', () => {
    const t = runTiling(em, { width: 2048, height: 2048 });
    expect(t.tile).toBe(480);
    expect(t.batch).toBe(1);
    expect(planOverhead(2048, 2048, 480, 32, 16)).toBeCloseTo(1.373, 3);
    expect(planOverhead(2048, 2048, 256, 32, 16)).toBeCloseTo(1.891, 3);
    expect(t.note).toMatch(/^tile 480 \(halo 32\): computes 1\.37× the pixels it keeps; tile 256 would be 1\.89× \(chosen for this 2048×2048 image\)$/);
  });

  it("the person's tile, halo and blend win; a fixed-size model always runs its size", () => {
    expect(runTiling(em, { width: 4096, height: 4096, tile: 128, halo: 16, blend: 'crop' })).toMatchObject({ tile: 128, halo: 16, blend: 'crop', batch: 8 });
    const fixed = { ...em, input: { tileMultiple: 16, fixedSize: 512, batch: 1 } } as Parameters<typeof runTiling>[0];
    expect(runTiling(fixed, { width: 4096, height: 4096 })).toMatchObject({ tile: 512, batch: 1 });
  });
});
