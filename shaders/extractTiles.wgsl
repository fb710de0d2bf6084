// extractTiles — N mirror-filled, normalised T×T tiles of a W×H image into one NCHW input tensor.
//
// Algorithm (CPU reference: src/tiling/extractTile.ts + the x·scale + offset of src/tiling/normalize.ts):
//   one invocation per output element e of this dispatch; k = firstTile + e / T², (ty, tx) = its row/column;
//   out[k·T² + ty·T + tx] = src[mirror(y0_k + ty, H)·W + mirror(x0_k + tx, W) − srcBase]·scale + offset,
//   mirror = reflect without repeating the edge, periodic with period 2(n−1) (-1 → 1, n → n−2; n = 1 → 0),
//   as np.pad(mode='reflect') / Ronneberger's overlap-tile.
// Dispatch: ceil(count / WG) workgroups, split over (x, y) when above maxComputeWorkgroupsPerDimension
//   (src/gpu/dispatch.ts grid2D); linear element = (wid.x + wid.y·num_workgroups.x)·WG + lid.x, drop e ≥ count.
//   The wrapper may split a batch into several dispatches (tile ranges) so that each one's src row window
//   fits in maxStorageBufferBindingSize.
// Buffers:
//   src   W×H f32, row-major, bound as a window of rows: binding element 0 is image element srcBase;
//   rects N × vec2<i32> (x0, y0) top-left of each tile in image coordinates (may be negative / past the edge);
//   out   N×1×T×T f32, NCHW row-major (the onnxruntime input tensor), bound whole.

struct Params {
  width: u32,      // W
  height: u32,     // H
  tile: u32,       // T
  count: u32,      // elements in this dispatch: tiles·T²
  firstTile: u32,  // index of this dispatch's first tile in rects/out
  srcBase: u32,    // image element index of src binding element 0
  scale: f32,
  offset: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> rects: array<vec2<i32>>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

override WG: u32 = 64;

fn mirrorIndex(i: i32, n: i32) -> i32 {
  if (n <= 1) { return 0; }
  let p = 2 * (n - 1);
  let m = ((i % p) + p) % p; // WGSL % truncates like JS: fold negatives into [0, p)
  return select(p - m, m, m < n);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = (wid.x + wid.y * nwg.x) * WG + lid;
  if (e >= params.count) { return; }
  let T = params.tile;
  let TT = T * T;
  let k = params.firstTile + e / TT;
  let r = e % TT;
  let ty = i32(r / T);
  let tx = i32(r % T);
  let origin = rects[k];
  let sy = u32(mirrorIndex(origin.y + ty, i32(params.height)));
  let sx = u32(mirrorIndex(origin.x + tx, i32(params.width)));
  let v = src[sy * params.width + sx - params.srcBase];
  out[k * TT + r] = v * params.scale + params.offset;
}
