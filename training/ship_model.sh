#!/usr/bin/env bash
# Ship one finished run: choose weights on the training data, export ONNX + card, check ONNX vs PyTorch
# (≤ 1e-4), and measure held-out IoU/Dice with the studio's own pipeline (npm run eval --write-manifest).
#   bash training/ship_model.sh RUN_DIR ID "NAME" "DESCRIPTION" EVAL_ARGS...
# e.g. bash training/ship_model.sh training/runs/em-unet em-unet "U-Net (skip), ISBI 2012 EM" "..." \
#        --data ../shared/datasets/isbi2012_em --split ../shared/datasets/isbi2012_em/split.json --set test
# RUN_DIR and the paths in EVAL_ARGS may be absolute or relative to the directory the script is called from.
# MODELS_DIR (default public/models) and PARITY_DIR (default src/test/fixtures, committed: verifyOnnx.test.ts
# re-checks the shipped ONNX against it) redirect the outputs, e.g. to a scratch folder.
set -euo pipefail
run=$1 id=$2 name=$3 desc=$4; shift 4
# Resolve every path against the caller's directory BEFORE changing into the repo root (select_weights.py even
# runs inside training/); a relative RUN_DIR used to be read relative to the repo root and an absolute one was
# mangled into "../$run".
abspath() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s' "$PWD/$1" ;; esac; }
run=$(abspath "$run")
[ -f "$run/checkpoint.pt" ] || { echo "ship_model.sh: no checkpoint.pt in $run" >&2; exit 2; }
models=$(abspath "${MODELS_DIR:-$(dirname "$0")/../public/models}")
parity=$(abspath "${PARITY_DIR:-$(dirname "$0")/../src/test/fixtures}")
eval_args=()
for arg in "$@"; do  # relative paths among the eval arguments are the caller's too
  if [[ $arg != -* && -e $arg ]]; then eval_args+=("$(abspath "$arg")"); else eval_args+=("$arg"); fi
done
cd "$(dirname "$0")/.."
py=${PYTHON:-/usr/bin/python3}
(cd training && $py select_weights.py --run "$run")
$py training/export_onnx.py --ckpt "$run/final.pt" --id "$id" --name "$name" --description "$desc" \
  --out "$models/" --parity-dir "$parity" ${EXPORT_ARGS:-}
npx tsx src/cli/verifyOnnx.ts "$parity/$id-parity.json"
npx tsx src/cli/eval.ts --model "$id" --models-dir "$models" --write-manifest "${eval_args[@]}"  # npm run eval, without npm
