/**
 * "Open model (.onnx)" in the worker: userModelCheck.ts's contract check with session.ts `inspectModel` (a WASM
 * session of onnxruntime-web), so a model that passes keeps that session as its WASM session.
 */
import type { ModelCard } from '../models/manifest';
import { inspectModel } from './session';
import { checkUserModel } from './userModelCheck';

/** Check a person's ONNX file against the studio's contract and register its card; throws StudioError('model-invalid'). */
export const openUserModel = (buffer: ArrayBuffer, name: string): Promise<ModelCard> => checkUserModel(buffer, name, inspectModel);
