/**
 * Same-origin fetches of the studio's own files (model bytes, models.json), retried on a transient failure.
 * Why: while the service worker precaches the models on a first visit, the page's own request for the same
 * multi-MB file can have its body cut ("Failed to fetch" from `arrayBuffer()`, seen in CI under load); the
 * file is fine, a second request succeeds. A reply with an HTTP status is an answer and is not retried,
 * except 5xx. Errors are StudioErrors with the path, never a bare TypeError.
 */
import { StudioError } from '../errors';

/** Waits before the 2nd and 3rd attempt (ms). */
export const RETRY_DELAYS_MS = [300, 1500];

/** The body of `url` as bytes, or a 'model-load-failed' StudioError naming `what` and the last cause. */
export async function fetchBytes(url: URL | string, what: string, delays = RETRY_DELAYS_MS): Promise<Uint8Array> {
  const path = typeof url === 'string' ? url.replace(/^[a-z]+:\/\/[^/]+/i, '') : url.pathname; // the path, as the other messages name files
  let last = '';
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
    let res: Response;
    try {
      res = await fetch(url);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
      continue;
    }
    if (!res.ok) {
      last = `HTTP ${res.status}`;
      if (res.status < 500) break;
      continue;
    }
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      last = `the download broke off (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  throw new StudioError('model-load-failed', `Could not fetch ${what} ${path}: ${last}.`);
}
