/**
 * The worker's side of death detection (client.ts): a Web Lock held for the worker's whole life. Locks are
 * released by the browser when their holder's context ends, however it ends, so the page's request for the same
 * lock is granted exactly when this worker is gone.
 */

/** Hold the Web Lock `name` until this worker ends (api.ts holdLifeLock); false without Web Locks. */
export function holdLifeLock(name: string): Promise<boolean> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return Promise.resolve(false);
  return new Promise<boolean>((held) => {
    void locks.request(name, () => {
      held(true);
      return new Promise<never>(() => undefined); // never released while the worker lives
    });
  });
}
