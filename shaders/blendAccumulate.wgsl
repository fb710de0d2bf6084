// blendAccumulate — add a batch of N tile predictions into the running weighted sums of a W×H image.
//
// Algorithm (CPU reference: src/tiling/blendTiles.ts accumulateTile, applied to tiles k = 0..N−1 in order):
//   for every image pixel (x, y) and every tile k whose T×T square holds it, with (tx, ty) = (x − x0_k, y − y0_k)
//   and w = weights[ty·T + tx] ≠ 0 (0 = cropped halo, skipped):
//     acc[y·W + x]  += w · sigmoid(logits[k·T² + ty·T + tx]),   wsum[y·W + x] += w.
//   Overlapping tiles of a batch write the same pixels, so a scatter (one invocation per tile pixel) would race.
//   This is the gather form instead: one invocation per output pixel of the batch's bounding box, looping over
//   the batch's tiles in order and writing its pixel once. No atomics, no races, and the additions happen in
//   the same order as the CPU reference. Pixels no tile touches are left unwritten.
// Dispatch: ceil(bw / WG_X) × ceil(rows / WG_Y) workgroups over the bounding box (bx0, by0, bw × rows);
//   invocation (x, y) = (bx0 + gid.x, by0 + gid.y), dropped past the box. When the box's rows of acc/wsum do
//   not fit in maxStorageBufferBindingSize the wrapper dispatches one row band after another (each its own
//   window of acc/wsum); dispatches in one pass see each other's writes, and bands do not overlap anyway.
// Buffers:
//   rects   N × vec2<i32> (x0, y0) tile top-left in image coordinates (may be negative / past the edge);
//   logits  N×1×T×T f32 NCHW row-major (the network's output, one logit per pixel);
//   weights T×T f32 row-major (src/tiling/blendTiles.ts tileWeights: crop | taper | gaussian);
//   acc, wsum W×H f32 row-major, bound as a window of rows: binding element 0 is image element base.

struct Params {
  width: u32,   // W
  height: u32,  // H
  tile: u32,    // T
  tiles: u32,   // N
  bx0: u32,     // bounding box of this dispatch: columns [bx0, bx0 + bw), rows [by0, by0 + rows)
  by0: u32,
  bw: u32,
  rows: u32,
  base: u32,    // image element index of acc/wsum binding element 0
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> rects: array<vec2<i32>>;
@group(0) @binding(2) var<storage, read> logits: array<f32>;
@group(0) @binding(3) var<storage, read> weights: array<f32>;
@group(0) @binding(4) var<storage, read_write> acc: array<f32>;
@group(0) @binding(5) var<storage, read_write> wsum: array<f32>;

override WG_X: u32 = 8;
override WG_Y: u32 = 8;

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= params.bw || gid.y >= params.rows) { return; }
  let x = params.bx0 + gid.x;
  let y = params.by0 + gid.y;
  let T = i32(params.tile);
  let i = y * params.width + x - params.base;
  var a = acc[i];
  var s = wsum[i];
  var touched = false;
  for (var k = 0u; k < params.tiles; k++) {
    let tx = i32(x) - rects[k].x;
    let ty = i32(y) - rects[k].y;
    if (tx < 0 || ty < 0 || tx >= T || ty >= T) { continue; }
    let j = u32(ty * T + tx);
    let w = weights[j];
    if (w == 0.0) { continue; }
    let p = 1.0 / (1.0 + exp(-logits[k * params.tile * params.tile + j]));
    a += w * p;
    s += w;
    touched = true;
  }
  if (touched) {
    acc[i] = a;
    wsum[i] = s;
  }
}
