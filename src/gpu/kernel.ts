/**
 * The preamble every WGSL kernel wrapper shares (src/gpu/<kernel>.ts): a labelled shader module and compute
 * pipeline cached per device (WeakMap, as webgpu-samples' generateMipmap does), a `Params` uniform at
 * @binding(0) per dispatch, one bind group per dispatch with the buffers at @binding(1..n) in order, one
 * compute pass, one submit, and the temporary buffers destroyed once the work is submitted (WebGPU frees them
 * after the submitted work is done).
 */
import { createUniform } from './buffers';

/** One dispatch of a kernel: its `Params` bytes, the buffers of bindings 1..n in order, the workgroup grid. */
export interface KernelDispatch {
  params: ArrayBuffer;
  bindings: GPUBufferBinding[];
  workgroups: readonly [number, number?, number?];
}

export interface Kernel {
  /** The pipeline-overridable constants used on this device (e.g. a workgroup size lowered to its limits). */
  constants(device: GPUDevice): Record<string, number>;
  /**
   * Encode `dispatches` in one compute pass and submit it to `device.queue`. `temps` (and the params uniforms)
   * are destroyed after the submit.
   */
  dispatch(device: GPUDevice, dispatches: KernelDispatch[], temps?: GPUBuffer[]): void;
}

/**
 * A kernel from a WGSL source with entry point `main`. `constants(device)` gives the values of its `override`
 * declarations (workgroup sizes); it is called once per device.
 */
export function kernel(name: string, code: string, constants: (device: GPUDevice) => Record<string, number>): Kernel {
  const cache = new WeakMap<GPUDevice, { pipeline: GPUComputePipeline; constants: Record<string, number> }>();
  const entry = (device: GPUDevice) => {
    let e = cache.get(device);
    if (!e) {
      const c = constants(device);
      const module = device.createShaderModule({ label: `${name}.wgsl`, code });
      const pipeline = device.createComputePipeline({ label: name, layout: 'auto', compute: { module, entryPoint: 'main', constants: c } });
      e = { pipeline, constants: c };
      cache.set(device, e);
    }
    return e;
  };
  return {
    constants: (device) => entry(device).constants,
    dispatch(device, dispatches, temps = []) {
      const { pipeline } = entry(device);
      const owned = [...temps];
      const encoder = device.createCommandEncoder({ label: name });
      const pass = encoder.beginComputePass({ label: name });
      pass.setPipeline(pipeline);
      for (const d of dispatches) {
        const uniform = createUniform(device, d.params, `${name} params`);
        owned.push(uniform);
        pass.setBindGroup(0, device.createBindGroup({
          label: name, layout: pipeline.getBindGroupLayout(0),
          entries: [{ binding: 0, resource: { buffer: uniform } }, ...d.bindings.map((b, i) => ({ binding: i + 1, resource: b }))],
        }));
        pass.dispatchWorkgroups(...(d.workgroups as [number, number?, number?]));
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      for (const b of owned) b.destroy();
    },
  };
}
