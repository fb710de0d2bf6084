/**
 * fetchBytes against a real HTTP server (node:http): a body cut off mid-download is fetched again, a refused
 * connection too; a 404 is an answer (one request, message with the status); 5xx is retried.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import { fetchBytes } from './fetchBytes';

const body = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 255);
let server: Server | undefined;

/** Serves `body`; `plan[k]` says what the k-th request gets ('cut' = headers and 100 bytes, then the socket dies). */
async function serve(plan: ('ok' | 'cut' | 404 | 503)[]): Promise<{ url: string; hits: () => number }> {
  let n = 0;
  server = createServer((_req, res) => {
    const what = plan[Math.min(n++, plan.length - 1)];
    if (typeof what === 'number') return void res.writeHead(what).end('no');
    res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
    if (what === 'ok') return void res.end(Buffer.from(body));
    res.write(Buffer.from(body.subarray(0, 100)), () => res.socket?.destroy());
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/m.onnx`, hits: () => n };
}

afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

describe('fetchBytes', () => {
  it('fetches again after a body cut off mid-download, and returns the whole file', async () => {
    const s = await serve(['cut', 'ok']);
    const got = await fetchBytes(s.url, 'model file', [1, 1]);
    expect(got).toEqual(body);
    expect(s.hits()).toBe(2);
  });

  it('gives up after the last attempt with a StudioError naming the path and the cause', async () => {
    const s = await serve(['cut']);
    const e = await fetchBytes(s.url, 'model file', [1, 1]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StudioError);
    expect((e as StudioError).code).toBe('model-load-failed');
    expect((e as Error).message).toMatch(/^Could not fetch model file \/models\/m\.onnx: the download broke off/);
    expect(s.hits()).toBe(3);
  });

  it('does not retry a 404, retries a 503', async () => {
    const a = await serve([404, 'ok']);
    await expect(fetchBytes(a.url, 'model file', [1, 1])).rejects.toThrow(/HTTP 404/);
    expect(a.hits()).toBe(1);
    await new Promise<void>((r) => server!.close(() => r()));
    const b = await serve([503, 'ok']);
    expect(await fetchBytes(b.url, 'model file', [1, 1])).toEqual(body);
    expect(b.hits()).toBe(2);
  });

  it('retries a refused connection', async () => {
    const s = await serve(['ok']);
    const url = s.url;
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    await expect(fetchBytes(url, 'the model list', [1, 1])).rejects.toThrow(/^Could not fetch the model list \/models\/m\.onnx: /);
  });
});
