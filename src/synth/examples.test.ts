import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { generateExample, listExamples } from './examples';

describe('example gallery', () => {
  it('lists the fixed examples with display names', () => {
    const list = listExamples();
    expect(list.map((e) => e.id)).toEqual(['phase-384', 'dic-384', 'nuclei-512', 'nuclei-small-96']);
    expect(list[0].name).toBe('Phase contrast cells (synthetic, 384×384)');
    for (const e of list) expect(e.name).toMatch(/synthetic, \d+×\d+/);
  });

  it.each(listExamples().map((e) => e.id))('%s: sized as named, mask = labels > 0, same pixels every time', (id) => {
    const ex = generateExample(id);
    const size = Number(/(\d+)×/.exec(ex.name)![1]);
    expect([ex.width, ex.height]).toEqual([size, size]);
    expect(ex.data.length).toBe(size * size);
    expect(ex.mask.length).toBe(size * size);
    expect(ex.labels.length).toBe(size * size);
    let fg = 0;
    let wrong = 0;
    for (let i = 0; i < ex.mask.length; i++) {
      if (ex.mask[i] !== (ex.labels[i] > 0 ? 1 : 0)) wrong++;
      fg += ex.mask[i];
    }
    expect(wrong).toBe(0);
    expect(fg).toBeGreaterThan(0.1 * size * size);
    const again = generateExample(id).data;
    expect(Buffer.from(again.buffer).equals(Buffer.from(ex.data.buffer))).toBe(true);
  });

  it('rejects an unknown id with not-an-image and the list of valid ids', () => {
    let err: unknown;
    try {
      generateExample('brightfield-1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('not-an-image');
    expect((err as StudioError).message).toMatch(/"brightfield-1".*phase-384, dic-384, nuclei-512, nuclei-small-96/);
  });
});
