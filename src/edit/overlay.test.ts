import { describe, expect, it } from 'vitest';
import { labelColor, renderLabelsRgba } from './overlay';
import { layerOf } from './testPic';

describe('renderLabelsRgba', () => {
  it('colours each object, leaves background transparent, renders any rectangle across tiles', () => {
    const layer = layerOf(['..........', '.11....22.', '.11....22.', '..........'], 8);
    const rgba = renderLabelsRgba(layer, { x: 1, y: 1, width: 8, height: 2 });
    const px = (x: number, y: number) => Array.from(rgba.subarray((y * 8 + x) * 4, (y * 8 + x) * 4 + 4));
    const c1 = labelColor(1), c2 = labelColor(2);
    const bytes = (c: number) => [c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24];
    expect(px(0, 0)).toEqual(bytes(c1));
    expect(px(7, 1)).toEqual(bytes(c2)); // x = 8 lies in the second 8² tile
    expect(px(3, 0)).toEqual([0, 0, 0, 0]);
    expect(bytes(c1)).not.toEqual(bytes(c2));
    expect(bytes(c1)[3]).toBe(255);
  });
});
