// blendFinalize — probability map and display bytes from the blended sums of a W×H image.
//
// Algorithm (CPU reference: src/tiling/blendTiles.ts finalizeBlend):
//   prob[i] = wsum[i] > 0 ? acc[i] / wsum[i] : 0 (pixels no tile reached stay 0);
//   byte[i] = clamp(floor(255·prob[i] + 0.5), 0, 255), i.e. JavaScript's Math.round for prob ≥ 0 (WGSL
//   round() rounds halves to even, so it is not used), packed little-endian 4 per u32: pixel 4j+q is byte q
//   of bytes[j], so the buffer read back is a Uint8Array of the pixels in order.
//   One invocation per output word j: it writes pixels 4j..4j+3 (< count) and bytes[j]; no two invocations
//   touch the same word.
// Dispatch: ceil(ceil(count / 4) / WG) workgroups, split over (x, y) above maxComputeWorkgroupsPerDimension
//   (src/gpu/dispatch.ts grid2D); word j = (wid.x + wid.y·num_workgroups.x)·WG + lid.x, dropped past the end.
//   Images whose f32 maps exceed maxStorageBufferBindingSize go in chunks of whole multiples of 256 pixels,
//   each chunk its own dispatch with binding offsets (256 pixels = 1024 f32 bytes = 256 u8 bytes: aligned).
// Buffers (one chunk): acc, wsum, prob: count f32; bytes: ceil(count / 4) u32.

struct Params {
  count: u32,  // pixels in this chunk
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> acc: array<f32>;
@group(0) @binding(2) var<storage, read> wsum: array<f32>;
@group(0) @binding(3) var<storage, read_write> prob: array<f32>;
@group(0) @binding(4) var<storage, read_write> bytes: array<u32>;

override WG: u32 = 64;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let j = (wid.x + wid.y * nwg.x) * WG + lid;
  if (j * 4u >= params.count) { return; }
  var packed = 0u;
  for (var q = 0u; q < 4u; q++) {
    let i = j * 4u + q;
    if (i >= params.count) { break; }
    let s = wsum[i];
    let p = select(0.0, acc[i] / s, s > 0.0);
    prob[i] = p;
    packed |= u32(clamp(floor(p * 255.0 + 0.5), 0.0, 255.0)) << (8u * q);
  }
  bytes[j] = packed;
}
