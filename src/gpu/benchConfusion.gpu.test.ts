/**
 * The confusion kernel at 2048² (benchConfusion, what `npm run bench` calls): its counts equal the CPU reference
 * (metrics/confusion.ts) on the same inputs, and the median time per call is printed.
 */
import { describe, expect, it } from 'vitest';
import { confusion } from '../metrics/confusion';
import { benchConfusion, benchInputs } from './benchConfusion';
import { expectNoGpuError, getTestDevice } from './gpuTestUtils';

const gpu = await getTestDevice();

describe.skipIf(!gpu.device)(`benchConfusion ${gpu.tag}`, () => {
  it('2048²: counts equal the CPU reference; prints ms per call', async () => {
    const size = 2048;
    const r = await expectNoGpuError(gpu.device!, () => benchConfusion(gpu.device!, size, 5, 0.5, 3));
    const { prob, mask } = benchInputs(size, 3);
    const t0 = performance.now();
    const cpu = confusion(prob, mask, 0.5);
    const cpuMs = performance.now() - t0;
    expect(r.counts).toEqual(cpu);
    expect(r.ms).toHaveLength(5);
    console.log(`confusion kernel ${size}² on ${gpu.note}: median ${r.medianMs.toFixed(2)} ms (${r.ms.map((m) => m.toFixed(1)).join(', ')}); CPU reference ${cpuMs.toFixed(1)} ms`);
  });
});
