/**
 * Shared e2e setup (Playwright `test.extend`): `studioPage`, a page object over the studio opened with
 * `?fixtures=1` (so the tiny random-weight fixture model is listed), and generated sample files.
 */
import { test as base, expect, type Download, type Page } from '@playwright/test';
import { decode as decodePng } from 'fast-png';
import { readFileSync } from 'node:fs';
import { cellsPng, cellsTiff16 } from './samples';

export const FIXTURE_MODEL = 'fixture-tiny-unet';

export interface SampleFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class StudioPage {
  /** Uncaught page errors and console errors, for failure messages. */
  readonly problems: string[] = [];
  constructor(readonly page: Page) {
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && this.problems.push(`console: ${m.text()}`));
  }

  readonly alert = () => this.page.getByRole('alert');
  /** The run status line (the header also has a role="status": the PWA's "Ready offline"). */
  readonly status = () => this.page.getByRole('complementary', { name: 'Controls' }).getByRole('status');
  readonly badge = () => this.page.getByTestId('backend-badge');
  readonly overlay = () => this.page.getByRole('img', { name: 'Segmentation overlay' });
  readonly imageCanvas = (name: string) => this.page.getByRole('img', { name: `Image ${name}` });
  readonly info = (field: string) => this.page.locator(`dd[data-field="${field}"]`);

  async goto(query = '?fixtures=1') {
    await this.page.goto(`/${query}`);
    try {
      await expect(this.page.getByRole('heading', { name: 'Segmentation Studio' })).toBeVisible();
      await expect(this.page.getByLabel('Model', { exact: true })).not.toHaveValue('');
    } catch (e) {
      throw new Error(`the studio did not start (${this.problems.join(' | ') || 'no page errors'}): ${e instanceof Error ? e.message : e}`);
    }
  }

  async open(file: SampleFile) {
    await this.page.getByLabel('Open image').setInputFiles(file);
  }

  /** Open a file that must decode: waits until its canvas and name are shown. */
  async openImage(file: SampleFile) {
    await this.open(file);
    await expect(this.imageCanvas(file.name)).toBeVisible();
    await expect(this.info('file')).toHaveText(file.name);
  }

  async choose(model: string, backend: 'Auto' | 'WebGPU' | 'WASM') {
    await this.page.getByLabel('Model', { exact: true }).selectOption(model);
    await this.page.getByLabel('Backend').selectOption({ label: backend });
  }

  async segment() {
    await this.page.getByRole('button', { name: 'Segment' }).click();
  }

  /** Segment and wait for "Done", then for the overlay of the result. */
  async segmentAndWait(timeout = 120_000) {
    await this.segment();
    await expect(this.status()).toContainText('Done', { timeout });
    await expect(this.overlay()).toBeVisible();
    await expect(this.overlay()).not.toHaveAttribute('data-foreground', '');
  }

  /** Click "Download mask (PNG)" and decode the file: 0/255 values, one channel. */
  async downloadMask() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Download mask (PNG)' }).click(),
    ]);
    return { download, png: decodePng(readFileSync(await saved(download))) };
  }
}

async function saved(d: Download): Promise<string> {
  const p = await d.path();
  if (!p) throw new Error(`download ${d.suggestedFilename()} failed: ${await d.failure()}`);
  return p;
}

export const pngSample = (name: string, w: number, h: number, seed = 7): SampleFile =>
  ({ name, mimeType: 'image/png', buffer: Buffer.from(cellsPng(w, h, seed)) });
export const tiffSample = (name: string, w: number, h: number, seed = 7): SampleFile =>
  ({ name, mimeType: 'image/tiff', buffer: Buffer.from(cellsTiff16(w, h, seed)) });

export const test = base.extend<{ studioPage: StudioPage }>({
  studioPage: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const studio = new StudioPage(page);
    await studio.goto();
    await use(studio);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
