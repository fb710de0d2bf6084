/**
 * Mask correction (issue #15) on a small synthetic PNG segmented with the fixture model on WASM: erase a stroke
 * (Info "Foreground" drops), Undo restores it exactly, Redo drops it again; draw objects, then Delete object,
 * Merge and Split change the object count by −1, −1, +1; "Add to training set" and the zip export read back
 * in the images/ + masks/ layout (training/folder_data.py loads it), its mask equal to the corrected layer. Every control by its accessible name.
 * Gestures are made in image pixels and turned into page points with the viewport the viewer reports.
 */
import { decode as decodePng } from 'fast-png';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_MODEL, expect, pngSample, test } from './fixtures';
import { gesture, laidOut, pagePoint, readViewport, viewportOf } from './viewport';

const W = 128, H = 128;

async function click(page: Page, ix: number, iy: number) {
  await page.mouse.click(...(await pagePoint(page, ix, iy)));
}

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

test('correct a mask: erase/undo/redo, delete/merge/split, training pair export', async ({ studioPage: s }) => {
  test.setTimeout(360_000); // ~25 gestures; slow only on a loaded 2-core machine
  const page = s.page;
  await s.openImage(pngSample('edit.png', W, H));
  await s.choose(FIXTURE_MODEL, 'WASM');
  await s.segmentAndWait();
  await laidOut(viewportOf(page, 'Image'));
  const panel = page.getByRole('region', { name: 'Correct mask' });
  const tool = (name: string) => panel.getByRole('button', { name, exact: true });
  const number = async (field: string) => Number((await s.info(field).textContent())!.match(/^\d+/)![0]);
  const editStatus = panel.getByTestId('edit-status');
  /** Wait until the worker has applied `n` more edits than `from` (the panel's undo step count). */
  const steps = async () => Number((await panel.getAttribute('data-undo-steps')) || 0);
  const applied = async (from: number, n = 1) => expect.poll(steps).toBe(from + n);
  for (const name of ['Brush', 'Eraser', 'Fill', 'Delete object', 'Merge', 'Split', 'Undo', 'Redo', 'Use as ground truth', 'Add to training set']) {
    await expect(tool(name)).toBeVisible();
  }
  await expect(panel.getByRole('slider', { name: 'Brush size' })).toBeVisible();

  // Keys: B picks the brush, ] and [ change the size, E the eraser.
  await page.keyboard.press('b');
  await expect(tool('Brush')).toHaveAttribute('aria-pressed', 'true');
  await expect(s.info('objects')).toHaveText(/^\d+$/); // the session started: corrected counts in Info
  const size = panel.getByRole('slider', { name: 'Brush size' });
  const size0 = Number(await size.inputValue());
  await page.keyboard.press(']');
  await expect(size).toHaveValue(String(size0 + 4));
  await page.keyboard.press('[');
  await expect(size).toHaveValue(String(size0));
  await page.keyboard.press('e');
  await expect(tool('Eraser')).toHaveAttribute('aria-pressed', 'true');

  // Paint a known band first, so the eraser surely removes foreground, then erase across it.
  await page.keyboard.press('b');
  await size.fill('20');
  const painted = await steps();
  await gesture(page, [[0, 100], [127, 100]]);
  await applied(painted);
  await page.keyboard.press('e');
  await size.fill('6');
  const before = await number('foreground');
  await gesture(page, [[10, 100], [110, 100]]);
  await expect.poll(() => number('foreground')).toBeLessThan(before);
  const erased = await number('foreground');
  expect(before - erased).toBeGreaterThan(300); // ~100 × 6 px
  await tool('Undo').click();
  await expect.poll(() => number('foreground')).toBe(before);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => number('foreground')).toBe(erased);
  await page.keyboard.press('Control+z');
  await expect.poll(() => number('foreground')).toBe(before);
  await tool('Redo').click();
  await expect.poll(() => number('foreground')).toBe(erased);

  // Clear the top band (y 0..44: radius 22 about y = 22), then draw three objects there: A alone, B and C overlapping.
  await size.fill('44');
  await expect(size).toHaveValue('44');
  const s0 = await steps();
  await gesture(page, [[0.5, 22], [127.5, 22]]); // the end discs reach the image's left and right edges
  await applied(s0);
  await tool('Draw object').click();
  const objects0 = await number('objects');
  await gesture(page, square(6, 8, 24, 30));
  await expect.poll(() => number('objects')).toBe(objects0 + 1);
  await gesture(page, square(40, 8, 70, 30));
  await gesture(page, square(64, 8, 96, 30));
  await expect.poll(() => number('objects')).toBe(objects0 + 3);

  // Delete at a deep zoom (wheel about object A; the wheel still zooms while a tool is chosen), then fit again.
  await tool('Delete object').click();
  const vp = viewportOf(page, 'Image');
  const fitScale = (await readViewport(vp)).scale;
  await page.mouse.move(...(await pagePoint(page, 15, 19)));
  await page.mouse.wheel(0, -620);
  await expect.poll(async () => (await readViewport(vp)).scale).toBeGreaterThan(fitScale * 3);
  await click(page, 15, 19);
  await expect.poll(() => number('objects')).toBe(objects0 + 2); // −1
  await vp.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(async () => (await readViewport(vp)).scale).toBe(fitScale);

  await tool('Merge').click();
  await click(page, 50, 19);
  await expect(editStatus).toContainText('Now click the object');
  await click(page, 85, 19);
  await expect.poll(() => number('objects')).toBe(objects0 + 1); // −1

  await tool('Split').click();
  await gesture(page, [[56, 2], [56, 38]]);
  await expect.poll(() => number('objects')).toBe(objects0 + 2); // +1

  // The corrected mask as a file, and as a training pair read back from the zip.
  const [maskDl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download corrected mask (PNG)' }).click()]);
  const corrected = decodePng(readFileSync((await maskDl.path())!));
  const fg = await number('foreground');
  expect(corrected.data.filter((v) => v === 255).length).toBe(fg);
  await tool('Add to training set').click();
  await expect(panel.getByTestId('training-count')).toContainText('edit_corrected');
  const [zipDl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export training set (zip)' }).click()]);
  const zip = unzipSync(readFileSync((await zipDl.path())!));
  expect(Object.keys(zip).sort()).toEqual(['README.txt', 'images/edit_corrected.png', 'masks/edit_corrected.png']);
  const mask = decodePng(zip['masks/edit_corrected.png']);
  expect([mask.width, mask.height, mask.depth, mask.channels]).toEqual([W, H, 8, 1]);
  expect(Array.from(mask.data)).toEqual(Array.from(corrected.data));
  // Independent of the worker's encoders: what the gestures made is there — A deleted, the split cut at x = 56.
  const at = (x: number, y: number) => mask.data[y * W + x];
  expect([at(15, 19), at(50, 19), at(85, 19), at(56, 19), at(56, 40)]).toEqual([0, 255, 255, 0, 0]);
  const image = decodePng(zip['images/edit_corrected.png']);
  expect([image.width, image.height]).toEqual([W, H]);
  // The trainer's own loader (training/folder_data.py, PIL) reads the unzipped folder: one pair, same foreground.
  const dir = mkdtempSync(join(tmpdir(), 'training-set-'));
  for (const [name, bytes] of Object.entries(zip)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const loaded = execFileSync('/usr/bin/python3', ['-c',
    'import sys; sys.path.insert(0, "training"); from folder_data import load_folder; p = load_folder(sys.argv[1]); print(len(p), p[0][0], int(p[0][2].sum()), p[0][1].shape)', dir], { encoding: 'utf8' });
  expect(loaded.trim()).toBe(`1 edit_corrected ${fg} (${H}, ${W})`);

  // Use as ground truth: the Metrics panel now scores the network against the corrected objects.
  await tool('Use as ground truth').click();
  await expect(page.getByTestId('truth-summary')).toContainText('edit_corrected.tif');
  await expect(page.getByTestId('truth-summary')).toContainText(`${fg} foreground px`);
  expect(s.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
});
