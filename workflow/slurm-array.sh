#!/usr/bin/env bash
# Segment an experiment on a Slurm cluster without Snakemake: one array task per shard, then a merge job that
# runs only when every task succeeded (afterok). Run it from the repository root on the login node:
#
#   SHARDS=16 workflow/slurm-array.sh MODEL OUT INPUT...        e.g. SHARDS=16 workflow/slurm-array.sh em-unet /scratch/seg /data/exp1
#
# It submits itself as `sbatch --array=1-$SHARDS` (shard I/N = array task I; the k-th sorted input goes to task
# (k mod N) + 1) and `sbatch --dependency=afterok:<array job>` for the merge into OUT/summary.csv. Every task runs
# with --resume, so `scontrol requeue` or a resubmission after pre-emption redoes only unfinished images; after
# a failed task, fix the cause and run the same command again. Environment: SHARDS (default 4), THREADS
# (cpus per task, default 4), SBATCH_ARGS (extra sbatch options, e.g. "--account=lab123 --partition=cpu"),
# SEGMENT_ARGS (extra `npm run segment` options, e.g. "--masks /data/exp1-masks --channel 1").
#
#SBATCH --job-name=segment
#SBATCH --array=1-4
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=segment-%A_%a.log
set -euo pipefail

if [ "$#" -lt 3 ]; then
  echo "usage: [SHARDS=N] [THREADS=T] $0 MODEL OUT INPUT..." >&2
  exit 2
fi
MODEL=$1 OUT=$2
shift 2

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # Submit: the array of shards, then the merge after all of them.
  SHARDS=${SHARDS:-4} THREADS=${THREADS:-4}
  mkdir -p "$OUT/logs"
  # shellcheck disable=SC2086 # SBATCH_ARGS is a list of options
  array=$(sbatch --parsable --array="1-$SHARDS" --export="ALL,SEGMENT_SHARDS=$SHARDS" --cpus-per-task="$THREADS" --chdir="$PWD" \
    --output="$OUT/logs/shard-%a-of-$SHARDS.log" ${SBATCH_ARGS:-} "$0" "$MODEL" "$OUT" "$@")
  array=${array%%;*} # --parsable prints "jobid[;cluster]"
  # shellcheck disable=SC2086
  merge=$(sbatch --parsable --dependency="afterok:$array" --job-name=segment-merge --cpus-per-task=1 --mem=1G \
    --time=00:10:00 --chdir="$PWD" --output="$OUT/logs/merge.log" ${SBATCH_ARGS:-} \
    --wrap="npm run -s segment -- --merge --out '$OUT' '$OUT'")
  echo "submitted shards as array job $array (1-$SHARDS) and the merge as job ${merge%%;*}"
  exit 0
fi

# One array task: shard I of N. N comes from the submission (a resubmission of single tasks, e.g. --array=3,
# keeps it); a direct `sbatch --array=1-N` of this script takes N from the array's highest task id.
N=${SEGMENT_SHARDS:-${SLURM_ARRAY_TASK_MAX:?run this script without sbatch to submit it, or with sbatch --array=1-N}}
I=$SLURM_ARRAY_TASK_ID
if [ "$I" -lt 1 ] || [ "$I" -gt "$N" ]; then
  echo "array task $I is outside 1-$N: submit with --array=1-N (shards count from 1)" >&2
  exit 2
fi
# shellcheck disable=SC2086 # SEGMENT_ARGS is a list of options
exec npm run -s segment -- --model "$MODEL" --out "$OUT" --shard "$I/$N" --resume \
  --threads "${SLURM_CPUS_PER_TASK:-1}" ${SEGMENT_ARGS:-} "$@"
