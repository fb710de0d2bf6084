/**
 * The card of a fine-tuned model: the base model's card (architecture, normalisation, tiling, threshold) with
 * a new id, file, hash and a `finetune` record (base model, pairs, steps, augmentation, validation IoU), in
 * the manifest's card format, so `npm run eval/segment --model x.onnx` and the studio read it like any card.
 * Pure.
 */
import type { FinetuneRecord, ModelCard } from '../models/manifest';
import { describeAugment } from './augment';
import type { FinetuneOptions, FinetuneResult } from './train';

export interface CardInput {
  base: ModelCard;
  id: string;
  name: string;
  file: string;
  sha256: string;
  bytes: number;
  data: string;
  opts: FinetuneOptions;
  result: FinetuneResult;
  backend: string;
  date: string;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function finetuneCard(c: CardInput): ModelCard {
  const { base, opts, result } = c;
  const record: FinetuneRecord = {
    base: base.id, baseSha256: base.sha256, data: c.data,
    pairs: { train: result.train, validation: result.val },
    steps: result.stepsDone, bestStep: result.bestStep, batch: opts.batch, crop: opts.crop, lr: opts.lr, seed: opts.seed,
    augmentation: describeAugment(opts.augment),
    validationIou: { base: r4(result.baseIou), best: r4(result.bestIou), curve: result.validation.map((v) => [v.step, r4(v.iou)]) },
    backend: c.backend, seconds: Math.round(result.seconds), date: c.date,
  };
  const kept = result.bestStep === 0 ? ' No step beat the base weights on the validation pairs, so they are kept unchanged.' : '';
  const card: ModelCard = {
    ...base,
    id: c.id, name: c.name, file: c.file, sha256: c.sha256, bytes: c.bytes,
    description: `${base.name} fine-tuned on ${result.train.length} pair(s) of ${c.data} for ${result.stepsDone} steps ` +
      `(validation IoU ${record.validationIou.base} → ${record.validationIou.best} on ${result.val.length} held-out pair(s)).${kept}`,
    training: {
      data: c.data, split: `train ${result.train.length} pairs; validation ${result.val.join(', ')}`, steps: result.stepsDone,
      batch: `${opts.batch} x ${opts.crop}px crops`, augmentation: record.augmentation, seed: opts.seed, synthetic: base.training.synthetic,
    },
    finetune: record,
  };
  delete card.metrics; // the base model's held-out numbers do not describe this one
  delete card.fixture;
  delete card.quantization;
  return card;
}
