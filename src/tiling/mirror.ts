/**
 * Mirror (reflect) an index into [0, n) without repeating the edge pixel, as numpy `np.pad(mode='reflect')`
 * and PyTorch `F.pad(mode='reflect')`: -1 → 1, -2 → 2, n → n-2. Periodic with period 2(n-1), so any offset
 * works (a tile far larger than a tiny image still reads valid pixels). n = 1 always maps to 0.
 */
export function mirrorIndex(i: number, n: number): number {
  if (n <= 1) return 0;
  const p = 2 * (n - 1);
  const m = ((i % p) + p) % p;
  return m < n ? m : p - m;
}
