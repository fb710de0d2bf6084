/**
 * Shared by the `npm run finetune` tests (finetuneDic.test.ts, finetuneEm.test.ts — separate files so Vitest runs
 * the two slow trainings side by side): the held-out mean IoU through `npm run eval` (onnxruntime-node, overlap-tile,
 * one thread), and a quiet console for the CLIs.
 */
import { expect } from 'vitest';
import { runEval } from './eval';

export const quiet = { log: () => {}, error: (s: string) => console.error(s) };

export async function meanIou(data: string, model: string, extra: string[] = []): Promise<number> {
  const r = await runEval(['--data', data, '--model', model, '--threads', '1', ...extra], quiet);
  expect(r.code).toBe(0);
  return r.result!.mean.iou;
}
