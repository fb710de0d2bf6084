import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, webgpuInput } from './benchArgs';

describe('parseBenchArgs', () => {
  it('defaults: em-unet, 2048², data from SEGSTUDIO_DATA, port from BENCH_PORT', () => {
    const a = parseBenchArgs([], { SEGSTUDIO_DATA: '/data/x', BENCH_PORT: '6001' });
    expect(a).toMatchObject({ model: 'em-unet', data: '/data/x', size: 2048, webgpuSize: undefined, metricsSize: 2048, reps: 5, port: 6001, warmup: true, skip: [] });
    expect(parseBenchArgs([], {})).toMatchObject({ data: resolve('../shared/datasets'), port: 5273 });
  });

  it('reads flags, inline or separate', () => {
    const a = parseBenchArgs(['--json', 'out.json', '--size=512', '--webgpu-size', '192', '--no-warmup', '--skip', 'native,int8', '--reps', '3'], {});
    expect(a).toMatchObject({ json: 'out.json', size: 512, webgpuSize: 192, warmup: false, skip: ['native', 'int8'], reps: 3 });
  });

  it('refuses unknown options, missing values, bad numbers and unknown phases', () => {
    expect(() => parseBenchArgs(['--frobnicate', '1'], {})).toThrow(/unknown option --frobnicate/);
    expect(() => parseBenchArgs(['--json'], {})).toThrow(/--json needs a value/);
    expect(() => parseBenchArgs(['--size', '4096'], {})).toThrow(/--size must be an integer in \[1, 2048\]/);
    expect(() => parseBenchArgs(['--reps', '1.5'], {})).toThrow(/--reps must be an integer/);
    expect(() => parseBenchArgs(['--skip', 'gpu'], {})).toThrow(/unknown phase "gpu"; phases: wasm, webgpu, native, int8, metrics/);
    expect(() => parseBenchArgs(['extra'], {})).toThrow(/unexpected argument/);
  });
});

describe('webgpuInput', () => {
  it('full size on a hardware adapter, a 256² crop on a software one, the flag wins', () => {
    expect(webgpuInput({ size: 2048 }, false)).toEqual({ size: 2048, label: '2048x2048' });
    expect(webgpuInput({ size: 2048 }, true)).toEqual({ size: 256, label: '256x256 crop (software adapter)' });
    expect(webgpuInput({ size: 200 }, true)).toEqual({ size: 200, label: '200x200' });
    expect(webgpuInput({ size: 2048, webgpuSize: 512 }, true)).toEqual({ size: 512, label: '512x512 crop (--webgpu-size)' });
    expect(webgpuInput({ size: 2048, webgpuSize: 2048 }, true)).toEqual({ size: 2048, label: '2048x2048' });
  });
});
