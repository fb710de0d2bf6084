/**
 * What the worker holds by id: open files (image sources, planes.ts), decoded model planes, finished runs (their probability maps, so the overlay can
 * be re-thresholded without running the network again) and ground-truth masks per image. Small LRUs bound
 * the memory: a 4096² float image is 64 MiB, so only the last few are kept; asking for a dropped id says so
 * plainly.
 */
import { StudioError } from '../errors';
import type { ImageSource, PixelSize, PlaneSelection } from '../io/source';
import type { Raster } from '../io/types';
import type { TruthObjects } from '../metrics/truthLabels';

/** One model plane of an open file (planes.ts planeImageId: source, t, z, channel). */
export interface HeldImage extends Raster {
  id: string;
  name: string;
  sourceId: string;
  plane: PlaneSelection;
  /** The file's pixel size (µm), for measurements; undefined when the file does not say. */
  pixelSize?: PixelSize;
  /** Data warnings of the plane (io/warnings.ts), sent with its view. */
  warnings?: string[];
}

/** An open file: the source reads planes and regions on demand. */
export interface HeldSource {
  id: string;
  source: ImageSource;
}

export interface HeldRun {
  id: string;
  imageId: string;
  imageName: string;
  modelId: string;
  width: number;
  height: number;
  /** Blended foreground probability, width×height row-major. */
  prob: Float32Array;
  /** GPU-resident runs: the same map on ORT's device (destroyed when the run is dropped). */
  gpu?: { device: GPUDevice; prob: GPUBuffer };
}

/** A decoded ground-truth mask for one image, with its objects (metrics/truthLabels.ts). */
export interface HeldTruth {
  /** Unique per mask opened, so cached sweeps of a replaced mask are never reused. */
  id: string;
  imageId: string;
  name: string;
  width: number;
  height: number;
  objects: TruthObjects;
  foregroundPixels: number;
  /** The binary mask uploaded for the confusion kernel, on first GPU metrics (destroyed when the mask is dropped). */
  gpu?: { device: GPUDevice; mask: GPUBuffer };
}

/** A small least-recently-used map; asking for a dropped id throws a StudioError that says so. */
export class Lru<T> {
  private readonly items = new Map<string, T>();
  /** `onDrop` frees what an item holds outside the JS heap (GPU buffers) when it is evicted, replaced or deleted. */
  constructor(private readonly capacity: number, private readonly what: string, private readonly onDrop?: (v: T) => void) {}
  put(id: string, v: T): void {
    const old = this.items.get(id);
    this.items.delete(id);
    if (old && old !== v) this.onDrop?.(old);
    this.items.set(id, v);
    while (this.items.size > this.capacity) this.delete(this.items.keys().next().value as string);
  }
  /** The item, or undefined when it was never put or has been dropped (no recency update). */
  peek(id: string): T | undefined {
    return this.items.get(id);
  }
  /** Ids held, oldest first. */
  keys(): string[] {
    return [...this.items.keys()];
  }
  delete(id: string): void {
    const v = this.items.get(id);
    this.items.delete(id);
    if (v) this.onDrop?.(v);
  }
  get(id: string): T {
    const v = this.items.get(id);
    if (!v) throw new StudioError('internal', `The worker no longer holds ${this.what} "${id}" (it keeps the last ${this.capacity}); open the image again.`);
    this.items.delete(id);
    this.items.set(id, v); // most recently used last
    return v;
  }
}

export const sources = new Lru<HeldSource>(4, 'image', (s) => s.source.close?.());
/** Model planes read from the sources (re-read on demand when dropped, planes.ts planeImage). */
export const images = new Lru<HeldImage>(4, 'image');
export const runs = new Lru<HeldRun>(6, 'run', (r) => r.gpu?.prob.destroy()); // main + compare A, B, baseline
/**
 * Ground truth by plane (planes.ts truthKey: source, t, z — any model channel of that plane shares it; a new
 * mask replaces it). A stack mask holds one per page, so up to 256 planes are kept. See truth.ts.
 */
export const truths = new Lru<HeldTruth>(256, 'ground truth', (t) => t.gpu?.mask.destroy());

let seq = 0;
/** Ids unique within this worker's life ("img-3", "run-7"). */
export const nextId = (prefix: string): string => `${prefix}-${++seq}`;
