import { describe, expect, it } from 'vitest';
import { benchEditStroke } from './editStroke';

describe('benchEditStroke', () => {
  it('changes pixels every repetition, touches only the tiles along the stroke, and times them', () => {
    const b = benchEditStroke(4096, 3);
    expect(b.pixelsChanged).toBeGreaterThan(30_000); // ~1500 × 33 px
    expect(b.tilesTouched).toBeGreaterThan(5);
    expect(b.tilesTouched).toBeLessThan(30);
    expect(b.allocatedTiles).toBeLessThan(40); // of 256 tiles
    expect(b.ms).toBeGreaterThan(0);
    expect(b.renderMs).toBeLessThan(b.ms);
  });
});
