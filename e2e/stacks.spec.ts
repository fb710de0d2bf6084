import { decodeImage } from '../src/io/decode';
import { compareMask, referenceProb } from './reference';
import { FIXTURE_MODEL, expect, test, type StudioPage } from './fixtures';
import { readLabelsOmeTiff, writeStackFiles } from './stackFiles';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Stacks and channels, on files written by python3-tifffile (e2e/stackFiles.ts), WASM, fixture model.
 * Stack planes hold uint8 probabilities (worker/stack.ts), so a plane's mask may differ from the float Node
 * reference only where the reference lies within half a quantisation step (0.5/255) of the threshold, plus the
 * usual 1e-3 between ORT builds.
 */
const STACK_TOL = 0.5 / 255 + 1e-3;

async function canvasShot(s: StudioPage, name: string): Promise<Buffer> {
  return s.imageCanvas(name).screenshot();
}

async function maskBytes(s: StudioPage): Promise<Uint8Array> {
  return (await s.downloadMask()).png.data as Uint8Array;
}

const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

test('3-plane OME-TIFF: Z slider, Segment stack, per-plane masks = Node reference, stack metrics, OME-TIFF labels', async ({ studioPage: s }) => {
  test.setTimeout(420_000);
  const f = writeStackFiles();
  const refs = await Promise.all(f.planes.map((p) => referenceProb(p.buffer, p.name, FIXTURE_MODEL)));

  await s.openImage(f.stack);
  await expect(s.info('axes')).toHaveText('T 1 · Z 3 · C 1');
  await expect(s.info('size')).toHaveText('96 × 80');
  await expect(s.info('pixel-size')).toHaveText('0.5 × 0.5 µm');
  await s.choose(FIXTURE_MODEL, 'WASM');

  // Moving Z shows another plane.
  const z = s.page.getByRole('slider', { name: 'Z', exact: true });
  const before = await canvasShot(s, f.stack.name);
  await z.fill('1');
  await expect(s.info('plane')).toContainText('z 1');
  await expect.poll(async () => (await canvasShot(s, f.stack.name)).equals(before)).toBe(false);

  await s.page.getByRole('button', { name: 'Segment stack' }).click();
  await expect(s.status()).toContainText('Done', { timeout: 300_000 });

  const masks: Uint8Array[] = [];
  for (let k = 0; k < 3; k++) {
    await z.fill(String(k));
    await expect(s.info('plane')).toContainText(`z ${k}`);
    await expect(s.overlay()).not.toHaveAttribute('data-foreground', '');
    const m = await maskBytes(s);
    const cmp = compareMask(m, refs[k], STACK_TOL);
    expect(cmp.foreground, `plane ${k}`).toBeGreaterThan(0);
    expect(cmp.outsideTolerance, `plane ${k}: ${JSON.stringify(cmp)}`).toBe(0);
    masks.push(m);
  }
  expect(Buffer.from(masks[0]).equals(Buffer.from(masks[1]))).toBe(false); // three different planes

  // The headless command on the same file: its label planes are the studio's masks (up to the uint8 step).
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', FIXTURE_MODEL, '--out', join(f.dir, 'cli'), join(f.dir, f.stack.name)], { stdio: 'pipe' });
  const cli = readLabelsOmeTiff(join(f.dir, 'cli', 'stack3.labels.tif'));
  expect(cli.shape).toEqual([3, 80, 96]);
  cli.foreground.forEach((fg, k) => {
    expect(compareMask(fg, refs[k]).outsideTolerance, `CLI plane ${k} vs reference`).toBe(0);
    const far = fg.filter((v, i) => (v > 0) !== (masks[k][i] > 0) && Math.abs(refs[k].prob[i] - refs[k].threshold) >= STACK_TOL).length;
    expect(far, `studio plane ${k} vs CLI plane ${k}: disagreements away from the threshold`).toBe(0);
  });

  // A 3-page mask is the ground truth of every plane: the stack's counts are the sums over its planes.
  await s.page.getByLabel('Open ground truth').setInputFiles(f.stackMask);
  const truth = await Promise.all(f.planes.map(async (p) => (await decodeImage(ab(p.buffer), p.name)).data.map((v) => (v > 2000 ? 1 : 0))));
  let tp = 0, fp = 0, fn = 0;
  masks.forEach((m, k) => m.forEach((v, i) => {
    const g = truth[k][i] > 0, p = v > 0;
    if (p && g) tp++; else if (p) fp++; else if (g) fn++;
  }));
  await expect(s.info('stack-tp')).toHaveText(String(tp));
  await expect(s.info('stack-fp')).toHaveText(String(fp));
  await expect(s.info('stack-fn')).toHaveText(String(fn));
  await expect(s.page.getByRole('heading', { name: /Stack \(3 of 3 planes/ })).toBeVisible();
  await s.page.screenshot({ path: test.info().outputPath('studio-stack.png'), fullPage: true });

  // Labels of every plane in one OME-TIFF, read back by tifffile with axes and pixel size.
  const [download] = await Promise.all([
    s.page.waitForEvent('download'),
    s.page.getByRole('button', { name: 'Labels stack (OME-TIFF)' }).click(),
  ]);
  const labels = readLabelsOmeTiff((await download.path())!);
  expect(labels).toMatchObject({ shape: [3, 80, 96], dtype: 'uint16', pixelSize: 0.5 });
  expect(labels.axes).toMatch(/^(ZYX|QYX|IYX)$/);
  labels.foreground.forEach((fg, k) => expect(fg.join(''), `labels page ${k}`).toBe(Array.from(masks[k], (v) => (v > 0 ? 1 : 0)).join('')));
});

test('2-channel file: the second channel segments as its own file; contrast and composite change the display, never the mask', async ({ studioPage: s }) => {
  test.setTimeout(300_000);
  const f = writeStackFiles();
  await s.openImage(f.twoChannel);
  await expect(s.info('axes')).toHaveText('T 1 · Z 1 · C 2');
  await expect(s.info('pixel-size')).toHaveText('pixel size unknown (px)');
  await s.choose(FIXTURE_MODEL, 'WASM');

  const channel = s.page.getByLabel('Channel', { exact: true });
  await channel.selectOption('1');
  const name = (await channel.locator('option[value="1"]').textContent())!.replace(/^1: /, '');
  await expect(s.info('plane')).toContainText(`model channel ${name}`);
  await s.segmentAndWait();
  const mask = await maskBytes(s);

  // Contrast: a narrower window over the histogram redraws the image, not the mask.
  await expect(s.page.getByRole('img', { name: new RegExp(`^${name} histogram`) })).toBeVisible();
  const shot = await canvasShot(s, f.twoChannel.name);
  const max = s.page.getByLabel(`${name} maximum`);
  const top = Number(await max.inputValue());
  await max.fill(String(Math.round(top / 2)));
  await max.press('Enter');
  await expect.poll(async () => (await canvasShot(s, f.twoChannel.name)).equals(shot)).toBe(false);
  await expect(max).toHaveValue(String(Math.round(top / 2)));
  expect(Buffer.from(await maskBytes(s)).equals(Buffer.from(mask))).toBe(true);

  // Composite: add the first channel in colour; the model still reads the second.
  const shot2 = await canvasShot(s, f.twoChannel.name);
  const first = (await channel.locator('option[value="0"]').textContent())!.replace(/^0: /, '');
  await s.page.getByLabel(`Show ${first}`).check();
  await expect.poll(async () => (await canvasShot(s, f.twoChannel.name)).equals(shot2)).toBe(false);
  await expect(channel).toHaveValue('1');
  expect(Buffer.from(await maskBytes(s)).equals(Buffer.from(mask))).toBe(true);

  // The same channel as a single-channel file gives the same mask, pixel for pixel.
  await s.openImage(f.channel1);
  await expect(s.info('axes')).toHaveText('T 1 · Z 1 · C 1');
  await s.segmentAndWait();
  const single = await maskBytes(s);
  expect(Buffer.from(single).equals(Buffer.from(mask))).toBe(true);
});
