/**
 * `npm run fuzz:corpus -- DIR [COUNT] [SEED]`: write the fuzz corpus (corpus.ts) and COUNT seeded mutants
 * (mutate.ts; default 300, seed 17 as in fuzz.test.ts) into DIR, e.g. to feed `npm run segment` or another
 * reader by hand. Each mutant's damage is listed in DIR/mutations.tsv.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseCorpus } from './corpus';
import { mutants } from './mutate';

const [dir, count = '300', seed = '17'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npm run fuzz:corpus -- DIR [COUNT] [SEED]');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const bases = baseCorpus();
for (const f of bases) writeFileSync(join(dir, f.name), f.bytes);
const ms = mutants(bases, Number(seed), Number(count));
for (const m of ms) writeFileSync(join(dir, m.name), m.bytes);
writeFileSync(join(dir, 'mutations.tsv'), ms.map((m) => `${m.name}\t${m.what}`).join('\n') + '\n');
console.log(`${bases.length} base files and ${ms.length} mutants in ${dir}`);
