/** A decoded single-channel image as the pipeline sees it: row-major, one value per pixel. */
export type SampleType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export interface Raster {
  width: number;
  height: number;
  /** Pixel values in their original units (not normalised), row-major. */
  data: Float32Array;
  /** What the file stored, for the UI ("16-bit TIFF"). */
  sampleType: SampleType;
  /** e.g. 'png' | 'jpeg' | 'tiff' */
  format: string;
  /** Note on what was picked from a multi-page / multi-channel file, or '' */
  note: string;
}
