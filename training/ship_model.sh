#!/usr/bin/env bash
# Ship one finished run: choose weights on the training data, export ONNX + card, check ONNX vs PyTorch
# (≤ 1e-4), and measure held-out IoU/Dice with the studio's own pipeline (npm run eval --write-manifest).
#   bash training/ship_model.sh RUN_DIR ID "NAME" "DESCRIPTION" EVAL_ARGS...
# e.g. bash training/ship_model.sh training/runs/em-unet em-unet "U-Net (skip), ISBI 2012 EM" "..." \
#        --data ../shared/datasets/isbi2012_em --split ../shared/datasets/isbi2012_em/split.json --set test
set -euo pipefail
cd "$(dirname "$0")/.."
run=$1 id=$2 name=$3 desc=$4; shift 4
py=${PYTHON:-/usr/bin/python3}
parity=src/test/fixtures  # committed: src/cli/verifyOnnx.test.ts re-checks the shipped ONNX against it
# select_weights.py runs inside training/: hand it an absolute path (a relative RUN_DIR is relative to the repo
# root, where this script now is; "../${run#training/}" broke absolute paths).
case $run in /*) run_abs=$run ;; *) run_abs=$PWD/$run ;; esac
(cd training && $py select_weights.py --run "$run_abs")
$py training/export_onnx.py --ckpt "$run/final.pt" --id "$id" --name "$name" --description "$desc" \
  --out public/models/ --parity-dir "$parity" ${EXPORT_ARGS:-}
npx tsx src/cli/verifyOnnx.ts "$parity/$id-parity.json"
npm run -s eval -- --model "$id" --write-manifest "$@"
