// confusion — TP / FP / FN / TN pixel counts of a probability map at threshold t against a ground-truth mask.
//
// Algorithm (CPU reference: src/metrics/confusion.ts): predicted foreground = prob[i] ≥ t, ground-truth
//   foreground = gt byte i > 0. Each invocation walks u32 words of gt (4 pixels each) in a grid-stride loop and
//   counts in registers; the workgroup adds its invocations' counts with atomicAdd on workgroup u32 counters,
//   then invocation 0 adds the workgroup's totals to the global counters (one global atomic per counter per
//   workgroup). Counts are exact integers, so the result is independent of the order of the additions.
//   t arrives as the smallest f32 ≥ the requested threshold (src/gpu/confusion.ts), so for every f32 prob the
//   comparison agrees with the CPU's float64 `prob >= threshold`.
// Dispatch: min(ceil(ceil(count / 4) / WG), maxComputeWorkgroupsPerDimension, 1024) workgroups along x; the
//   grid stride is num_workgroups.x·WG words. Maps larger than maxStorageBufferBindingSize go in chunks of
//   whole multiples of 256 pixels (aligned offsets), each its own dispatch adding to the same counters.
// Buffers (one chunk): prob count f32; gt ceil(count / 4) u32, pixel 4j+q is byte q (little-endian) of gt[j],
//   i.e. a Uint8Array mask uploaded as is; counts 4 × atomic<u32> = [tp, fp, fn, tn], zeroed by the wrapper.

struct Params {
  count: u32,      // pixels in this chunk
  threshold: f32,  // t
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> prob: array<f32>;
@group(0) @binding(2) var<storage, read> gt: array<u32>;
@group(0) @binding(3) var<storage, read_write> counts: array<atomic<u32>, 4>;

override WG: u32 = 256;

var<workgroup> wgCounts: array<atomic<u32>, 4>; // zero-initialised by WGSL

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  var c = vec4<u32>(0u); // tp, fp, fn, tn
  let words = (params.count + 3u) / 4u;
  let stride = nwg.x * WG;
  for (var j = gid.x; j < words; j += stride) {
    let g = gt[j];
    for (var q = 0u; q < 4u; q++) {
      let i = j * 4u + q;
      if (i >= params.count) { break; }
      let p = prob[i] >= params.threshold;
      let f = ((g >> (8u * q)) & 0xffu) != 0u;
      // index: 0 tp (p, f), 1 fp (p, !f), 2 fn (!p, f), 3 tn (!p, !f)
      let idx = select(2u, 0u, p) + select(1u, 0u, f);
      c[idx] += 1u;
    }
  }
  for (var k = 0u; k < 4u; k++) {
    if (c[k] != 0u) { atomicAdd(&wgCounts[k], c[k]); }
  }
  workgroupBarrier();
  if (lid < 4u) {
    let v = atomicLoad(&wgCounts[lid]);
    if (v != 0u) { atomicAdd(&counts[lid], v); }
  }
}
