#!/usr/bin/env bash
# Export the trained EM U-Nets to public/models/, write their parity fixtures, check ONNX ↔ PyTorch, and
# measure card.metrics on the held-out test split with the studio's own eval path.
#
#   scripts/publish_models.sh [em-unet] [em-unet-noskip]     (default: both; needs training/runs/<id>/final.pt)
# Env: PY (default /usr/bin/python3, needs torch + onnx), SEGSTUDIO_DATA (default ../shared/datasets),
#      THREADS (onnxruntime threads for the eval, default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
DATA=${SEGSTUDIO_DATA:-../shared/datasets}/isbi2012_em
ids=("$@"); [ ${#ids[@]} -gt 0 ] || ids=(em-unet em-unet-noskip)
declare -A NAMES=([em-unet]="U-Net with skip connections (ISBI 2012 EM)"
                  [em-unet-noskip]="U-Net without skip connections (ISBI 2012 EM)")
for id in "${ids[@]}"; do
  ckpt=training/runs/$id/final.pt
  [ -f "$ckpt" ] || { echo "missing $ckpt (training not finished?)" >&2; exit 1; }
  "$PY" training/export_onnx.py --ckpt "$ckpt" --id "$id" --name "${NAMES[$id]:-$id}" \
      --out public/models/ --parity-dir src/test/fixtures
  npx tsx src/cli/verifyOnnx.ts "src/test/fixtures/$id-parity.json"
  npm run --silent eval -- --data "$DATA" --split "$DATA/split.json" --set test --model "$id" \
      ${THREADS:+--threads "$THREADS"} --write-manifest
done
