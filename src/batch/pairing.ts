/**
 * Which dropped files are images and which are ground-truth masks, and which mask belongs to which image —
 * by file name only, with the conventions biologists' folders use:
 * - a mask with the image's base name in a masks folder (`masks/`, `labels/`, `gt/`, `ground_truth/`, `SEG/`,
 *   `GT/`, any case), as `training/folder_data.py` and most data sets lay them out;
 * - a suffix on the image's base name: `_mask`, `_masks`, `_gt`, `_label`, `_labels`, `_seg` (also with `-`);
 * - the Cell Tracking Challenge: `t013.tif` ↔ `man_seg013.tif` (any number of digits).
 * Pure; works on names and relative paths (File.webkitRelativePath when a folder was picked).
 */

export interface NamedFile {
  /** Base file name, e.g. "t013.tif". */
  name: string;
  /** Relative path when known ("exp1/masks/t013.tif"), else the name. */
  path: string;
}

const MASK_DIRS = new Set(['masks', 'mask', 'labels', 'label', 'gt', 'ground_truth', 'groundtruth', 'seg', 'annotations']);
const SUFFIX = /[_-](mask|masks|gt|label|labels|seg)$/i;
const CTC_MASK = /^man_seg(\d+)$/i;
const CTC_IMAGE = /^t(\d+)$/i;
const IMAGE_EXT = /\.(tiff?|png|jpe?g)$/i;

/** The name without its extension (".ome.tif" counts as one extension). */
export function baseName(name: string): string {
  return name.replace(/\.ome\.tiff?$/i, '').replace(/\.[^.]+$/, '');
}

/** True for the image formats the studio reads (by extension; the content is sniffed later). */
export const isImageName = (name: string): boolean => IMAGE_EXT.test(name);

function inMaskDir(path: string): boolean {
  const parts = path.split('/').slice(0, -1);
  return parts.some((p) => MASK_DIRS.has(p.toLowerCase()));
}

/** True when the name or folder marks the file as a mask. */
export function isMaskFile(f: NamedFile): boolean {
  const b = baseName(f.name);
  return inMaskDir(f.path) || SUFFIX.test(b) || CTC_MASK.test(b);
}

/**
 * The key a mask and its image share: the base name without the mask suffix, case-folded; CTC numbers compare
 * as numbers. Also used by `npm run segment --masks` (cli/segmentInputs.ts), so the studio and the CLI pair alike.
 */
export function pairKey(f: Pick<NamedFile, 'name'>, asMask: boolean): string {
  const b = baseName(f.name);
  if (asMask) {
    const ctc = CTC_MASK.exec(b);
    if (ctc) return `ctc:${Number(ctc[1])}`;
    return b.replace(SUFFIX, '').toLowerCase();
  }
  const ctc = CTC_IMAGE.exec(b);
  return ctc ? `ctc:${Number(ctc[1])}` : b.toLowerCase();
}

export interface Pairing<T extends NamedFile> {
  /** Images sorted by path (the order a run and its summary use), each with its mask when one was found. */
  items: { image: T; mask?: T }[];
  /** Masks that match no image (listed so the person sees why a row has no IoU). */
  unmatchedMasks: T[];
  /** Files skipped because their extension is not an image format. */
  skipped: T[];
}

/** Split files into images and masks and pair them. Two masks for one image: the one in a mask folder wins. */
export function pairFiles<T extends NamedFile>(files: T[]): Pairing<T> {
  const skipped = files.filter((f) => !isImageName(f.name));
  const usable = files.filter((f) => isImageName(f.name));
  const masks = usable.filter(isMaskFile);
  const images = usable.filter((f) => !isMaskFile(f)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byKey = new Map<string, T>();
  for (const m of masks) {
    const k = pairKey(m, true);
    const old = byKey.get(k);
    if (!old || (!inMaskDir(old.path) && inMaskDir(m.path))) byKey.set(k, m);
  }
  const used = new Set<T>();
  const items = images.map((image) => {
    const mask = byKey.get(pairKey(image, false));
    if (mask) used.add(mask);
    return mask ? { image, mask } : { image };
  });
  return { items, unmatchedMasks: masks.filter((m) => !used.has(m)), skipped };
}
