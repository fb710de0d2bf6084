#!/usr/bin/env node
/**
 * First step of `npm test` (issue #17): check, in a second or two, that everything the later steps need is
 * here — Node ≥ 20, node_modules, Chromium (CHROMIUM_PATH or /usr/bin/chromium) for the WebGPU kernel tests
 * and e2e, Debian's python3 with the modules of `npm run test:py`, snakemake — and otherwise stop at once
 * with one command that installs all of what is missing, instead of failing half-way through the suite.
 * The apt list is the one `.ci/run` installs from (it reads it back from there, so the two cannot drift).
 * `PREFLIGHT=0` skips it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.env.PREFLIGHT === '0') process.exit(0);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const missing = []; // { what, apt?, fix? }

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) missing.push({ what: `Node ${process.versions.node} (≥ 20 needed)`, fix: 'install Node 20 or newer (e.g. https://nodejs.org or nvm install 20)' });
if (!existsSync(join(root, 'node_modules', '.bin', 'vitest'))) missing.push({ what: 'node_modules (npm dependencies)', fix: 'npm ci' });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
try {
  accessSync(chromium, constants.X_OK);
} catch {
  missing.push({ what: `Chromium at ${chromium}${process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''}`, apt: 'chromium' });
}

// The python modules and their Debian packages, as .ci/run lists them ("numpy:python3-numpy …").
const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
const pairs = [...ci.matchAll(/(\w+):(python3-[\w-]+)/g)].map((m) => ({ module: m[1], apt: m[2] }));
const python = '/usr/bin/python3';
if (!existsSync(python)) missing.push({ what: 'Debian python3 (/usr/bin/python3)', apt: 'python3' });
else {
  const probe = pairs.map((p) => `import importlib.util as u; print('${p.module}', u.find_spec('${p.module}') is not None)`).join('\n');
  const out = spawnSync(python, ['-c', probe], { encoding: 'utf8' }).stdout ?? '';
  for (const p of pairs) if (!out.includes(`${p.module} True`)) missing.push({ what: `python3 module ${p.module}`, apt: p.apt });
}
if (/snakemake/.test(ci)) {
  try {
    execFileSync('sh', ['-c', 'command -v snakemake'], { stdio: 'pipe' });
  } catch {
    missing.push({ what: 'snakemake', apt: 'snakemake' });
  }
}

if (!missing.length) process.exit(0);
const apt = missing.filter((m) => m.apt).map((m) => m.apt);
const other = missing.filter((m) => !m.apt).map((m) => m.fix);
console.error(`npm test cannot run here: missing ${missing.map((m) => m.what).join(', ')}.`);
const command = [apt.length && `sudo apt-get install -y ${[...new Set(apt)].join(' ')}`, ...other].filter(Boolean).join(' && ');
console.error(`Fix: ${command}    (or run .ci/run, which installs them and runs npm test; CHROMIUM_PATH=… for another Chromium)`);
process.exit(1);
