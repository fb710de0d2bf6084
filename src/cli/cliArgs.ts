/**
 * What the command-line tools share around their own options: `--key value` / `--key=value` / `--flag` parsing
 * against a list of known options, and the run wrapper that turns a bad usage into exit code 2 and any other
 * failure into exit code 1, each as one `error: …` line (eval, finetune, bench).
 */

/** The console the CLIs write to. */
export interface Io {
  log: (s: string) => void;
  error: (s: string) => void;
}

/**
 * argv as option → value; `flags` take no value and read as 'true'. Throws (with `usage`) on a positional
 * argument, an unknown option or a missing value.
 */
export function readOptions(argv: readonly string[], known: ReadonlySet<string>, flags: ReadonlySet<string>, usage: string): Record<string, string> {
  const v: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n${usage}`);
    const [key, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (flags.has(key)) { v[key] = 'true'; continue; }
    if (!known.has(key)) throw new Error(`unknown option --${key}\n${usage}`);
    const val = inline ?? argv[++i];
    if (val === undefined || (inline === undefined && val.startsWith('--'))) throw new Error(`--${key} needs a value\n${usage}`);
    v[key] = val;
  }
  return v;
}

/** Parse, then run: `{ code: 2 }` when parsing throws, `{ code: 1 }` when the run does, the run's result else. */
export async function runCli<A, R extends { code: number }>(argv: string[], io: Io, parse: (argv: string[]) => A, run: (args: A) => Promise<R>): Promise<R | { code: 1 | 2 }> {
  let args: A;
  try {
    args = parse(argv);
  } catch (e) {
    io.error(`error: ${(e as Error).message}`);
    return { code: 2 };
  }
  try {
    return await run(args);
  } catch (e) {
    io.error(`error: ${(e as Error).message}`);
    return { code: 1 };
  }
}
