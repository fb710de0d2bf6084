import type { Confusion } from './confusion';

/**
 * Overlap scores from confusion counts. IoU = TP/(TP+FP+FN), Dice = 2TP/(2TP+FP+FN),
 * precision = TP/(TP+FP), recall = TP/(TP+FN).
 * Empty cases (0/0) are defined so a correct "nothing here" answer scores 1 and a miss scores 0:
 * - IoU, Dice: 1 when prediction and ground truth are both empty (TP+FP+FN = 0).
 * - precision with no predicted foreground (TP+FP = 0): 1 if the ground truth is empty too, else 0.
 * - recall with no ground-truth foreground (TP+FN = 0): 1 if nothing was predicted, else 0.
 */
export function scores(c: Confusion): { iou: number; dice: number; precision: number; recall: number } {
  const { tp, fp, fn } = c;
  const union = tp + fp + fn;
  return {
    iou: union === 0 ? 1 : tp / union,
    dice: union === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn),
    precision: tp + fp === 0 ? (fn === 0 ? 1 : 0) : tp / (tp + fp),
    recall: tp + fn === 0 ? (fp === 0 ? 1 : 0) : tp / (tp + fn),
  };
}
