/**
 * Reading and driving the zoom/pan viewer in e2e specs: every viewport element (role group "<label> viewport")
 * carries data-scale, data-center-x and data-center-y (image pixels) and data-tiles (tiles drawn).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ViewportState {
  scale: number;
  centerX: number;
  centerY: number;
}

export const viewportOf = (scope: Page | Locator, label: string) => scope.getByRole('group', { name: `${label} viewport` });

export async function readViewport(vp: Locator): Promise<ViewportState> {
  const [scale, centerX, centerY] = await Promise.all(['data-scale', 'data-center-x', 'data-center-y'].map(async (a) => Number(await vp.getAttribute(a))));
  return { scale, centerX, centerY };
}

/** The viewport's size in CSS pixels and its top-left corner on the page. */
export async function boxOf(vp: Locator) {
  const b = await vp.boundingBox();
  if (!b) throw new Error('viewport not laid out');
  return b;
}

/** Wait until the viewport has been laid out (a fit scale > 0). */
export async function laidOut(vp: Locator): Promise<ViewportState> {
  await expect.poll(async () => (await readViewport(vp)).scale).toBeGreaterThan(0);
  return readViewport(vp);
}

/** Drag with the mouse from a point of the viewport by (dx, dy) CSS pixels, in a few steps. */
export async function drag(page: Page, vp: Locator, from: [number, number], dx: number, dy: number) {
  const b = await boxOf(vp);
  await page.mouse.move(b.x + from[0], b.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(b.x + from[0] + dx, b.y + from[1] + dy, { steps: 4 });
  await page.mouse.up();
}

/** Page point of an image point of the "Image" viewport, at the viewport it shows now. */
export async function pagePoint(page: Page, ix: number, iy: number): Promise<[number, number]> {
  const vp = viewportOf(page, 'Image');
  const v = await readViewport(vp), b = await boxOf(vp);
  return [b.x + (ix - v.centerX) * v.scale + b.width / 2, b.y + (iy - v.centerY) * v.scale + b.height / 2];
}

/** Drag through image points (the pointer moves in small steps between them), e.g. a brush stroke. */
export async function gesture(page: Page, pts: [number, number][]) {
  const t0 = Date.now();
  await page.mouse.move(...(await pagePoint(page, ...pts[0])));
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(...(await pagePoint(page, ...p)), { steps: 3 });
  await page.mouse.up();
  if (process.env.E2E_TIMING) console.log(`gesture ${JSON.stringify(pts)}: ${Date.now() - t0} ms`);
}
