#!/usr/bin/env bash
# Re-create the int8 (CPU/WASM) variants of shipped fp32 EM models, in one go after the fp32 model changes:
# for each calibration method quantise (training/quantize_int8.py) into a temp dir and measure IoU on the
# TRAINING slices with the studio's own pipeline; ship the best (first on ties), write its card, measure the
# held-out IoU/Dice (npm run eval --write-manifest) and fail if it is more than 0.005 below the fp32 card's.
#   bash training/ship_int8.sh [ID ...]          (default: em-unet em-unet-noskip)
# env: PYQ   a python with onnxruntime (default ../venv-q/bin/python, see training/README.md)
#      METHODS (default "minmax percentile entropy"), CROPS (default 32), SEGSTUDIO_DATA (default ../shared/datasets)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYQ:-../venv-q/bin/python}
data=${SEGSTUDIO_DATA:-../shared/datasets}/isbi2012_em
split=(--data "$data" --split "$data/split.json")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=1
iou() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).mean.iou)' "$1"; }
[ $# -gt 0 ] || set -- em-unet em-unet-noskip
for id in "$@"; do
  best= best_iou=-1 chosen=
  for m in ${METHODS:-minmax percentile entropy}; do
    mkdir -p "$tmp/$m" && cp public/models/models.json "$tmp/$m/"
    $py training/quantize_int8.py --id "$id" --method "$m" --crops "${CROPS:-32}" --out "$tmp/$m/$id-int8.onnx" \
      --card-manifest "$tmp/$m/models.json" 2> >(grep -v 'pre-processing\|pre-process' >&2)
    npm run -s eval -- --model "$id-int8" --models-dir "$tmp/$m" "${split[@]}" --set train --json "$tmp/$m/train.json" | grep "mean IoU"
    v=$(iou "$tmp/$m/train.json")
    chosen+="${chosen:+, }$m $(printf %.5f "$v")"
    if node -e 'process.exit(+process.argv[1] > +process.argv[2] ? 0 : 1)' "$v" "$best_iou"; then best=$m best_iou=$v; fi
  done
  echo "$id: training-slice IoU $chosen -> $best"
  cp "$tmp/$best/$id-int8.onnx" public/models/
  $py training/quantize_int8.py --id "$id" --method "$best" --crops "${CROPS:-32}" --card-only \
    --card-manifest public/models/models.json --chosen-by "training-slice IoU: $chosen"
  npm run -s eval -- --model "$id-int8" --write-manifest "${split[@]}" --set test
  node -e '
    const m = JSON.parse(require("fs").readFileSync("public/models/models.json", "utf8")).models;
    const [a, b] = process.argv.slice(1).map((id) => m.find((c) => c.id === id).metrics);
    const d = b.iou - a.iou;
    console.log(`test IoU fp32 ${a.iou}, int8 ${b.iou} (${d >= 0 ? "+" : ""}${d.toFixed(4)})`);
    if (Math.abs(d) > 0.005) { console.error("int8 test IoU is not within 0.005 of fp32: do not ship"); process.exit(1); }
  ' "$id" "$id-int8"
done
