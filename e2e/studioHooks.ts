/**
 * The page's test hooks as the e2e specs see them: `window.__studioTest` (present with `?fixtures=1`), holding
 * the worker client (client.ts) and the zustand store (studio.ts). Imported for its global declaration.
 */
export type Client = typeof import('../src/worker/client').workerClient;
export type Store = typeof import('../src/state/studio').studio;
declare global {
  interface Window {
    __studioTest?: { client: Client; studio: Store };
  }
}
