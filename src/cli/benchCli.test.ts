import { describe, expect, it } from 'vitest';
import { cliReport, perMinute } from './benchCli';

describe('bench cli section', () => {
  it('images per minute', () => {
    expect(perMinute(6, 30_000)).toBe(12);
    expect(perMinute(6, 7_000)).toBe(51.4);
  });

  it('report keys per job count, or nulls with the error', () => {
    const runs = [1, 2].map((jobs) => ({ jobs, threadsPerJob: 2 / jobs, images: 6, ms: 6000 * jobs, imagesPerMin: 60 / jobs }));
    const r = cliReport({ model: 'em-unet', input: 'x', runs });
    expect([r.cli_images_per_min_1job, r.cli_images_per_min_2jobs]).toEqual([60, 30]);
    expect(cliReport({ error: 'boom' })).toEqual({ cli_images_per_min_1job: null, cli_images_per_min_2jobs: null, cli_error: 'boom' });
  });
});
