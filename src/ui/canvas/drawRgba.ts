/** Put worker-made RGBA bytes on a canvas at their native size (CSS scales it); no per-pixel work here. */
export function drawRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
}

/** Clear a canvas (no result yet for this image). */
export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}
