/**
 * `node --import` entry for the command-line tools that train (npm run finetune, bench): lets Node load
 * tfjs-core's gradient registrations. tfjs-core ships its gradients only as ES modules with extension-less
 * imports (fine for Vite), and one of them, `../gradients`, names both a file and a folder; Node's ESM resolver
 * refuses both. This hook retries such imports inside @tensorflow/ with `.js` appended; nothing else changes.
 */
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(spec, ctx, next) {
  try {
    return await next(spec, ctx);
  } catch (e) {
    const tfjs = ctx.parentURL && ctx.parentURL.includes('/@tensorflow/');
    if (tfjs && spec.startsWith('.') && !spec.endsWith('.js') && (e.code === 'ERR_UNSUPPORTED_DIR_IMPORT' || e.code === 'ERR_MODULE_NOT_FOUND'))
      return next(spec + '.js', ctx);
    throw e;
  }
}`));
