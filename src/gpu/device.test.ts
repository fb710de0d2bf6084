import { describe, expect, it } from 'vitest';
import { describeAdapter } from './device';

describe('describeAdapter', () => {
  it('names SwiftShader from vendor/architecture and marks it software', () => {
    expect(describeAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true }))
      .toEqual({ description: 'Google SwiftShader', software: true });
  });
  it('recognises llvmpipe by name even without the fallback flag', () => {
    expect(describeAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).software).toBe(true);
  });
  it('prefers the description of a hardware adapter', () => {
    expect(describeAdapter({ vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3080' }))
      .toEqual({ description: 'NVIDIA GeForce RTX 3080', software: false });
  });
});
