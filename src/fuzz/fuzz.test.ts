/**
 * Fuzz test (issue #17): 300 seeded mutations of the corpus (corpus.ts, mutate.ts) opened by the worker's own
 * code paths in Node — images by `openSource` + `readRegion` of the first plane and by `decodeMask`, models
 * (ONNX, bioimage.io zip) by userModelCheck.ts with onnxruntime-node. Every case must end within 5 s in a
 * decoded image / accepted model or a StudioError with a message: no hang, no raw exception, no crash.
 * The valid base files must all open (so the harness itself is shown to work).
 */
import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { decodeMask } from '../io/decodeMask';
import { openSource } from '../io/openSource';
import { defaultChannel } from '../io/source';
import { checkUserModel } from '../worker/userModelCheck';
import { baseCorpus, type CorpusFile } from './corpus';
import { mutants } from './mutate';
import { inspectModelNode } from './nodeInspect';

const SEED = 17;
const CASES = 300;
const CASE_MS = 5000;

type Outcome = { ok: true; what: string } | { ok: false; error: unknown };

const ab = (u: Uint8Array) => u.slice().buffer as ArrayBuffer;

/** Open one file the way the worker does; resolves with what it got or the error it threw. */
async function open(f: CorpusFile): Promise<Outcome> {
  try {
    if (f.kind === 'model') {
      const card = await checkUserModel(ab(f.bytes), f.name, inspectModelNode);
      return { ok: true, what: `model ${card.id}` };
    }
    const src = await openSource(ab(f.bytes), f.name);
    const plane = await src.readRegion({ t: 0, z: 0, c: defaultChannel(src) });
    if (plane.length !== src.width * src.height) throw new Error(`plane of ${plane.length} values for ${src.width}×${src.height}`);
    src.close?.();
    const mask = await decodeMask(ab(f.bytes), f.name);
    return { ok: true, what: `image ${src.width}×${src.height}, mask ${mask.width}×${mask.height}` };
  } catch (error) {
    return { ok: false, error };
  }
}

/** `open` with a deadline: a case still running after CASE_MS counts as a hang. */
async function openTimed(f: CorpusFile): Promise<Outcome & { ms: number }> {
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ ok: false, error: new Error(`hang: no answer after ${CASE_MS} ms`) }), CASE_MS)));
  const r = await Promise.race([open(f), hang]);
  clearTimeout(timer);
  return { ...r, ms: performance.now() - t0 };
}

describe('fuzz: damaged files end in a result or a StudioError', () => {
  const bases = baseCorpus();

  it('every valid base file opens (the 2-class model is refused by contract)', async () => {
    for (const f of bases) {
      const r = await openTimed(f);
      const got = r.ok ? r.what : String((r as { error: unknown }).error);
      expect(got, f.name).toMatch(f.refused ? /^StudioError: Cannot use/ : /^(image|model) /);
    }
  });

  it(`${CASES} mutations (seed ${SEED}): no hang, no raw exception, every error a StudioError with a message`, async () => {
    const bad: string[] = [];
    const tally = { decoded: 0, refused: 0 };
    const codes: Record<string, number> = {};
    let slowest = 0;
    for (const m of mutants(bases, SEED, CASES)) {
      const r = await openTimed(m);
      slowest = Math.max(slowest, r.ms);
      if (r.ok) tally.decoded++;
      else if (r.error instanceof StudioError && r.error.message.length > 10) {
        tally.refused++;
        codes[r.error.code] = (codes[r.error.code] ?? 0) + 1;
      } else bad.push(`${m.name} (${m.what}): ${r.error instanceof Error ? `${r.error.constructor.name}: ${r.error.message}` : String(r.error)}`);
    }
    console.log(`fuzz seed ${SEED}: ${tally.decoded} opened, ${tally.refused} refused ${JSON.stringify(codes)}; slowest case ${slowest.toFixed(0)} ms`);
    expect(bad, 'cases that hung or threw something other than a StudioError').toEqual([]);
    expect(tally.refused).toBeGreaterThan(CASES / 3); // the mutations really damage the files
  }, 120_000);
});

describe('fuzz: npm run segment on damaged images', () => {
  it('30 mutants in one run: exit 0 or 1, one `path: message` line per file it could not read, never a stack trace', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const images = baseCorpus().filter((f) => f.kind === 'image');
    const cases = mutants(images, SEED + 1, 30);
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
    try {
      const inDir = join(dir, 'in');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(inDir);
      for (const m of cases) writeFileSync(join(inDir, m.name), m.bytes);
      // Which of them the worker path cannot open: each must get its own stderr line from the CLI.
      const unreadable: string[] = [];
      for (const m of cases) if (!(await openTimed(m)).ok) unreadable.push(m.name);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/segment.ts', '--model', 'fixture-tiny-unet', '--out', join(dir, 'out'), '--quiet', '--jobs', '1', '--threads', '1', inDir],
        { encoding: 'utf8', timeout: 90_000 });
      expect(r.error, 'the CLI process could not run').toBeUndefined();
      expect([0, 1], `exit ${r.status} (signal ${r.signal}); stderr: ${r.stderr}`).toContain(r.status);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines.filter((l) => /^\s+at /.test(l) || /node:internal|\.ts:\d+:\d+/.test(l)), 'stack traces on stderr').toEqual([]);
      for (const name of unreadable) expect(lines.filter((l) => l.includes(name)), `one line for ${name}`).toHaveLength(1);
      expect(r.status).toBe(unreadable.length ? 1 : 0);
      console.log(`fuzz CLI: ${cases.length} files, ${unreadable.length} unreadable, exit ${r.status}, ${lines.length} stderr lines`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
