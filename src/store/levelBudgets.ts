/**
 * How the overview levels of a pyramid (the image's, store/pyramid.ts; a run's probabilities,
 * worker/largeRun.ts) share one memory budget before their tiles spill.
 */

/** Size of one overview level. */
export interface LevelSize {
  width: number;
  height: number;
}

/**
 * Resident byte budgets of overview levels (given finest first), handed out coarsest first: each level is kept
 * whole while `budget` lasts, after leaving every finer level its working set (two rows of tiles: the pass
 * writes a level's rows band by band, so a smaller budget would spill half-written tiles); the finest level
 * gets what is left. Why: a zoomed-out view reads a coarse level whole on every redraw, so those must not
 * spill, while the finest level is read only a screenful at a time. A budget below the working sets is
 * raised to them.
 */
export function levelBudgets(levels: readonly LevelSize[], tileSize: number, bytesPerValue: number, budget: number): number[] {
  const tileBytes = tileSize * tileSize * bytesPerValue;
  const whole = levels.map((l) => Math.ceil(l.width / tileSize) * Math.ceil(l.height / tileSize) * tileBytes);
  const work = levels.map((l, i) => Math.min(whole[i], 2 * Math.ceil(l.width / tileSize) * tileBytes));
  const out = levels.map(() => 0);
  let left = budget;
  for (let i = levels.length - 1; i >= 0; i--) {
    const reserve = work.slice(0, i).reduce((a, b) => a + b, 0);
    out[i] = i === 0 ? Math.max(work[0], left) : Math.max(work[i], Math.min(whole[i], left - reserve));
    left -= out[i];
  }
  return out;
}
