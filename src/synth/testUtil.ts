/** Helpers shared by the synth tests (not used by the generator). */

/** Number of 4-connected components of each label, indexed by label. */
export function componentsPerLabel(labels: Uint16Array, width: number, height: number): Map<number, number> {
  const seen = new Uint8Array(labels.length);
  const comps = new Map<number, number>();
  const stack: number[] = [];
  for (let s = 0; s < labels.length; s++) {
    const l = labels[s];
    if (!l || seen[s]) continue;
    comps.set(l, (comps.get(l) ?? 0) + 1);
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      const nb = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
      for (const j of nb) if (j >= 0 && !seen[j] && labels[j] === l) { seen[j] = 1; stack.push(j); }
    }
  }
  return comps;
}

/** City-block distance (px, capped at `cap`) from each pixel to the other side of the fg/background boundary; 1 = touching it. */
export function distanceToBoundary(fg: Uint8Array, width: number, height: number, cap: number): Uint8Array {
  // Repeated 4-neighbour erosion of both the set and its complement: the step at which a pixel disappears.
  const d = new Uint8Array(fg.length).fill(cap);
  let frontier = new Uint8Array(fg.length);
  for (let i = 0; i < fg.length; i++) {
    const x = i % width;
    const y = (i - x) / width;
    const v = fg[i];
    if ((x > 0 && fg[i - 1] !== v) || (x < width - 1 && fg[i + 1] !== v) || (y > 0 && fg[i - width] !== v) || (y < height - 1 && fg[i + width] !== v)) {
      d[i] = 1;
      frontier[i] = 1;
    }
  }
  for (let step = 2; step < cap; step++) {
    const next = new Uint8Array(fg.length);
    for (let i = 0; i < fg.length; i++) {
      if (!frontier[i]) continue;
      const x = i % width;
      const y = (i - x) / width;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1]) {
        if (j >= 0 && d[j] === cap && fg[j] === fg[i]) { d[j] = step; next[j] = 1; }
      }
    }
    frontier = next;
  }
  return d;
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
