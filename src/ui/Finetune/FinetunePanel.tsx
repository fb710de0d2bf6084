/**
 * "Fine-tune": trains the selected U-Net (bundled or own) on the person's image/mask pairs — a picked folder,
 * the corrected masks "Add to training set" kept ("Use corrected masks"), or both — in the fine-tuning worker, with a live loss / validation-IoU curve, pause, "Stop (keep best)" and cancel. The result
 * goes through "Open model"'s own path (the store's openModelFile, i.e. the segmentation worker's checks) into
 * "Your models", is kept in OPFS across reloads, and can be downloaded as ONNX, card JSON and bioimage.io package.
 */
import { useEffect, useRef, useState } from 'react';
import { finetuneClient, forgetModel, pairFiles, pairFilesFromCorrections, storedModels, storedPackage, storeModel } from '../../finetune/client';
import type { PairFiles } from '../../finetune/finetune.worker';
import type { Progress } from '../../finetune/train';
import { fetchBytes } from '../../models/fetchBytes';
import type { ModelCard } from '../../models/manifest';
import { useStudio } from '../../state/studio';
import { saveBytes } from '../download';
import { LossCurve } from './LossCurve';

type Status = 'idle' | 'running' | 'paused' | 'stopping';

/** Bundled model bytes from public/models, own models from the file the person opened. */
async function baseBytes(card: ModelCard, file: File | undefined): Promise<ArrayBuffer> {
  if (file) return file.arrayBuffer();
  return (await fetchBytes(`${import.meta.env.BASE_URL}models/${card.file}`, 'model file')).buffer as ArrayBuffer;
}

export function FinetunePanel() {
  const models = useStudio((s) => s.models);
  const modelId = useStudio((s) => s.modelId);
  const userFiles = useStudio((s) => s.userModelFiles);
  const openModelFile = useStudio((s) => s.openModelFile);
  const showError = useStudio((s) => s.showError);
  const corrected = useStudio((s) => s.trainingEntries);
  const correctedPairs = useStudio((s) => s.correctedTrainingPairs);
  const refreshCorrected = useStudio((s) => s.refreshTrainingSet);
  const [pairs, setPairs] = useState<{ pairs: PairFiles[]; label: string } | null>(null);
  const [useCorrected, setUseCorrected] = useState(false);
  const [steps, setSteps] = useState(300);
  const [crop, setCrop] = useState(256);
  const [status, setStatus] = useState<Status>('idle');
  const [losses, setLosses] = useState<{ step: number; loss: number }[]>([]);
  const [val, setVal] = useState<{ step: number; iou: number }[]>([]);
  const [last, setLast] = useState<Progress | null>(null);
  const [cards, setCards] = useState<Record<string, { card: ModelCard; onnx: Uint8Array; zip?: Uint8Array }>>({});
  const restored = useRef(false);

  // Fine-tuned models kept in OPFS come back after a reload, through the same checks as an opened file.
  useEffect(() => {
    if (restored.current || models.length === 0) return;
    restored.current = true;
    void (async () => {
      for (const { file, card } of await storedModels()) {
        if (models.some((m) => m.id === card.id)) continue;
        await openModelFile(file);
        setCards((c) => ({ ...c, [card.id]: { card, onnx: new Uint8Array(0) } }));
      }
    })();
  }, [models, openModelFile]);

  useEffect(() => void refreshCorrected(), [refreshCorrected]);

  const base = models.find((m) => m.id === modelId);
  const withCorrected = useCorrected && corrected.length > 0;
  const kept = base && cards[base.id];
  const busy = status !== 'idle';

  async function start() {
    if (!base || (!pairs && !withCorrected)) return;
    setStatus('running');
    setLosses([]);
    setVal([]);
    setLast(null);
    try {
      const onnx = await baseBytes(base, userFiles[base.id]?.file);
      // Corrections first: the held-out pair(s) come from the end of the list, so with a folder as well the
      // person's own corrections all train. Copies: the worker takes the buffers (transferred).
      const own = withCorrected ? pairFilesFromCorrections(await correctedPairs()) : [];
      const copy = [...own, ...(pairs?.pairs ?? []).map((p) => ({ ...p, image: p.image.slice(0), mask: p.mask.slice(0) }))];
      const dataLabel = [own.length ? `${own.length} corrected mask${own.length > 1 ? 's' : ''}` : '', pairs?.label ?? ''].filter(Boolean).join(' + ');
      const r = await finetuneClient.start(
        { base, onnx, pairs: copy, steps, crop, batch: 4, augment: true, backend: 'auto', dataLabel },
        (p) => {
          setLast(p);
          if (p.loss !== undefined) setLosses((l) => [...l, { step: p.step, loss: p.loss! }]);
          if (p.valIou !== undefined) setVal((v) => [...v, { step: p.step, iou: p.valIou! }]);
        });
      await storeModel(r.onnx, r.card, r.zip);
      setCards((c) => ({ ...c, [r.card.id]: { card: r.card, onnx: r.onnx, zip: r.zip } }));
      await openModelFile(new File([r.onnx as Uint8Array<ArrayBuffer>], r.card.file));
    } catch (e) {
      showError(e);
    } finally {
      setStatus('idle');
    }
  }

  async function download(kind: 'onnx' | 'json' | 'zip', k: { card: ModelCard; onnx: Uint8Array; zip?: Uint8Array }) {
    let onnx = k.onnx;
    if (!onnx.length) onnx = new Uint8Array(await userFiles[k.card.id]!.file.arrayBuffer()); // restored from OPFS
    if (kind === 'onnx') saveBytes(onnx, k.card.file, 'application/octet-stream');
    else if (kind === 'json') saveBytes(new TextEncoder().encode(JSON.stringify(k.card, null, 2)), k.card.file.replace(/\.onnx$/, '.json'), 'application/json');
    else {
      const zip = k.zip ?? (await storedPackage(k.card.file));
      if (zip) saveBytes(zip, k.card.file.replace(/\.onnx$/, '.zip'), 'application/zip');
      else showError(new Error('This model\'s bioimage.io package is not stored in this browser any more; fine-tune again to make one.'));
    }
  }

  return (
    <section className="panel" aria-label="Fine-tune">
      <h2>Fine-tune</h2>
      <p className="hint">Train {base ? `“${base.name}”` : 'the selected model'} further on your own image/mask pairs (a folder with images/ and masks/, same file names, and/or the masks you corrected and added to the training set). One pair (or 15 %; of a single pair, its last quarter) is held out for validation.</p>
      <label className={`button file-button${busy ? ' disabled' : ''}`}>
        Choose training folder
        <input type="file" className="visually-hidden" aria-label="Training folder" disabled={busy}
          {...{ webkitdirectory: '', directory: '' }} multiple
          onChange={async (e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            const r = await pairFiles(files);
            const root = files[0]?.webkitRelativePath.split('/')[0] ?? 'folder';
            if (r.pairs.length < 1) showError(new Error(`"${root}" has no image/mask pairs; fine-tuning needs images/NAME.png with masks/NAME.png.`));
            else setPairs({ pairs: r.pairs, label: root });
          }} />
      </label>
      {pairs && <p className="hint">{pairs.pairs.length} pairs from “{pairs.label}”.</p>}
      <label className="field" title={corrected.length ? corrected.map((e) => e.name).join(', ') : 'Correct a mask and press “Add to training set” first'}>
        <input type="checkbox" aria-label="Use corrected masks" checked={withCorrected} disabled={busy || !corrected.length} onChange={(e) => setUseCorrected(e.target.checked)} />
        <span>Use corrected masks ({corrected.length})</span></label>
      <label className="field"><span>Steps</span>
        <input type="number" aria-label="Steps" min={1} max={5000} value={steps} disabled={busy} onChange={(e) => setSteps(Math.max(1, Number(e.target.value) | 0))} /></label>
      <label className="field"><span>Crop</span>
        <select aria-label="Crop" value={crop} disabled={busy} onChange={(e) => setCrop(Number(e.target.value))}>
          {[64, 128, 256].map((c) => <option key={c} value={c}>{c} px</option>)}
        </select></label>
      <div className="row">
        {!busy && <button type="button" disabled={!base || (!pairs && !withCorrected)} onClick={() => void start()}>Start fine-tuning</button>}
        {busy && <button type="button" onClick={() => { const on = status !== 'paused'; void finetuneClient.pause(on); setStatus(on ? 'paused' : 'running'); }}>{status === 'paused' ? 'Resume' : 'Pause'}</button>}
        {busy && <button type="button" onClick={() => { setStatus('stopping'); void finetuneClient.stop(); }}>Stop (keep best)</button>}
        {busy && <button type="button" onClick={() => { void finetuneClient.cancel(); }}>Cancel</button>}
      </div>
      {last && (
        <p className="hint" aria-live="polite" data-testid="finetune-progress">
          Step {last.step}/{last.steps}{status === 'paused' ? ' (paused)' : ''} · best validation IoU {last.bestIou.toFixed(3)} (step {last.bestStep})
          {last.stepsPerSecond > 0 ? ` · ${last.stepsPerSecond.toFixed(2)} steps/s` : ''}
        </p>
      )}
      {(losses.length > 0 || val.length > 0) && <LossCurve losses={losses} val={val} steps={last?.steps ?? steps} />}
      {kept?.card.finetune && (
        <div className="finetune-card" data-testid="finetune-card">
          <p className="hint">
            Fine-tuned from {kept.card.finetune.base} on {kept.card.finetune.pairs.train.length} pairs ({kept.card.finetune.data}), {kept.card.finetune.steps} steps,
            augmentation: {kept.card.finetune.augmentation}. Validation IoU {kept.card.finetune.validationIou.base} → {kept.card.finetune.validationIou.best}
            {kept.card.finetune.bestStep === 0 ? ' (no step beat the base weights: kept unchanged)' : ` (step ${kept.card.finetune.bestStep})`}; {kept.card.finetune.backend}.
          </p>
          <div className="row">
            <button type="button" onClick={() => void download('onnx', kept)}>Download ONNX</button>
            <button type="button" onClick={() => void download('zip', kept)}>Download bioimage.io package</button>
            <button type="button" onClick={() => void download('json', kept)}>Card (JSON)</button>
            <button type="button" onClick={() => { void forgetModel(kept.card.file); setCards(({ [kept.card.id]: _, ...rest }) => rest); }}>Forget (remove from this browser)</button>
          </div>
        </div>
      )}
    </section>
  );
}
