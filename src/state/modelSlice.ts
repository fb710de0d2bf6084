import type { StateCreator } from 'zustand';
import type { ModelCard } from '../models/manifest';
import { tilingProblem, type TilingChoice } from '../tiling/validateTiling';
import type { ModelSlice, Studio, StudioDeps } from './types';

/** Cards the picker lists: real models, plus fixtures when asked for (`?fixtures=1`). */
export const visibleModels = (models: ModelCard[], showFixtures: boolean): ModelCard[] =>
  models.filter((m) => showFixtures || !m.fixture);

/** The first real model, or the first fixture when there is no real one. */
export const defaultModel = (models: ModelCard[]): ModelCard | undefined => models.find((m) => !m.fixture) ?? models[0];

/** The card's own tiling, what the "Advanced" controls start from. */
export const cardTiling = (card: ModelCard | undefined): TilingChoice | null =>
  card ? { tile: card.tiling.tile, halo: card.tiling.halo, blend: card.tiling.blend } : null;

/**
 * What of the Advanced tiling the person changed from the card: only that goes to a run, so an unchanged tile
 * leaves the worker free to choose one for large images (tiling/runTiling.ts).
 */
export function tilingOverrides(s: Pick<Studio, 'models' | 'modelId' | 'tiling'>): Partial<TilingChoice> {
  const card = s.models.find((m) => m.id === s.modelId);
  const t = s.tiling;
  if (!t) return {};
  if (!card) return { ...t };
  const out: Partial<TilingChoice> = {};
  if (t.tile !== card.tiling.tile) out.tile = t.tile;
  if (t.halo !== card.tiling.halo) out.halo = t.halo;
  if (t.blend !== card.tiling.blend) out.blend = t.blend;
  return out;
}

/** Why the chosen tiling cannot run with the selected model, or null (also null while no model is chosen). */
export function currentTilingProblem(s: Pick<Studio, 'models' | 'modelId' | 'tiling'>): string | null {
  const card = s.models.find((m) => m.id === s.modelId);
  if (!card || !s.tiling) return null;
  // A model with a fixed input size (a person's own, models/userModel.ts) runs only whole tiles of that size.
  const fixed = card.input.fixedSize;
  if (fixed !== undefined && s.tiling.tile !== fixed) return `Tile size must be ${fixed}: this model's input is fixed at ${fixed}×${fixed}.`;
  return tilingProblem(s.tiling, card.input.tileMultiple);
}

/**
 * Models and backend. `init` registers the worker's status callback first (so a device loss is heard from the
 * start; the client registers it again on any restarted worker), then loads models and examples, then probes
 * the backend for the chosen model. Every probe goes through `refreshBackend`; only the newest probe's answer is
 * kept, so a slow probe cannot overwrite a later one (a choice changed, the device lost meanwhile).
 */
export const createModelSlice = (deps: StudioDeps): StateCreator<Studio, [], [], ModelSlice> => (set, get) => {
  let probes = 0;
  return {
    models: [],
    modelId: '',
    backendChoice: 'auto',
    backendInfo: null,
    showFixtures: false,
    tiling: null,
    userModelFiles: {},
    userModelLoading: false,
    init: async (opts = {}) => {
      const showFixtures = !!opts.showFixtures;
      set({ showFixtures });
      deps.client.onLost((why) => void get().recoverWorker(why));
      // Independent look-ups: one failing (no models.json) must not hide the others' results.
      const [status, models, examples] = await Promise.allSettled([
        deps.client.onStatus((s) => get().receiveStatus(s)), deps.client.listModels(), deps.client.listExamples(),
      ]);
      if (status.status === 'rejected') get().showError(status.reason);
      if (models.status === 'fulfilled') {
        const all = models.value;
        const shown = visibleModels(all, showFixtures);
        // Without ?fixtures=1 a fixture still serves when it is the only model there is.
        const list = shown.length ? shown : all;
        const first = defaultModel(list);
        set({ models: list, modelId: first?.id ?? '', threshold: first?.threshold ?? get().threshold, tiling: cardTiling(first) });
      } else get().showError(models.reason);
      if (examples.status === 'fulfilled') set({ examples: examples.value });
      await get().refreshBackend();
    },
    openModelFile: async (file) => {
      if (get().userModelLoading) return;
      set({ userModelLoading: true });
      try {
        const generation = deps.client.generation();
        const card = await deps.client.openUserModel(await file.arrayBuffer(), file.name);
        set({
          models: [...get().models.filter((m) => m.id !== card.id), card],
          userModelFiles: { ...get().userModelFiles, [card.id]: { file, generation } },
          error: null,
        });
        get().setModel(card.id);
      } catch (e) {
        get().showError(e);
      } finally {
        set({ userModelLoading: false });
      }
    },
    setModel: (id) => {
      const card = get().models.find((m) => m.id === id);
      if (!card) return;
      set({ modelId: id, tiling: cardTiling(card) });
      get().setThreshold(card.threshold);
      void get().refreshBackend(); // an int8 card runs on WASM whatever the choice: the badge says so now
    },
    setTiling: (patch) => {
      const t = get().tiling;
      if (t) set({ tiling: { ...t, ...patch } });
    },
    setBackend: async (choice) => {
      set({ backendChoice: choice });
      await get().refreshBackend();
    },
    refreshBackend: async () => {
      const mine = ++probes;
      const { backendChoice, modelId } = get();
      try {
        if (modelsToResend(get(), deps.client.generation(), [modelId]).length) await ensureModelsInWorker(get, set, deps, [modelId]);
        const info = await deps.client.probeBackend(backendChoice, modelId || undefined);
        if (mine === probes) set({ backendInfo: info });
      } catch (e) {
        get().showError(e);
      }
    },
  };
};

/** The person's own models among `ids` that the current worker does not hold (it restarted since they were opened). */
export const modelsToResend = (s: Pick<Studio, 'userModelFiles'>, generation: number, ids: string[]): string[] =>
  ids.filter((id) => s.userModelFiles[id] && s.userModelFiles[id].generation !== generation);

/**
 * Send the person's own models among `ids` again to a worker that does not hold them (restarted since they
 * were opened): the worker keeps them only for its life. Bundled models need nothing; callers skip the await
 * when `modelsToResend` is empty, so a run of a bundled model starts exactly as before.
 */
export async function ensureModelsInWorker(get: () => Studio, set: (p: Partial<Studio>) => void, deps: StudioDeps, ids: string[]): Promise<void> {
  for (const id of modelsToResend(get(), deps.client.generation(), ids)) {
    const held = get().userModelFiles[id];
    const generation = deps.client.generation();
    await deps.client.openUserModel(await held.file.arrayBuffer(), held.file.name);
    set({ userModelFiles: { ...get().userModelFiles, [id]: { file: held.file, generation } } });
  }
}
