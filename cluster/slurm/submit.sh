#!/usr/bin/env bash
# Submits a run as a Slurm job array of N shards, one node each, and a merge job that starts when
# every shard has succeeded. Usage, from a checkout on storage every node sees (after
# 'mvn -B -q install -DskipTests' there):
#   cluster/slurm/submit.sh N [run options...]        e.g. cluster/slurm/submit.sh 8 --profile paper
# Environment (all optional):
#   NICHARNESS_SHARDS    where the shards write (default: shards/ in the checkout)
#   NICHARNESS_RESULTS   where the merged results go (default: results-merged/ in the checkout;
#                        the charts go to its plots/)
#   NICHARNESS_SBATCH    extra sbatch options for every job (default: --exclusive, so that no other
#                        job shares a node with a measurement; add --partition=..., --time=... here)
#   NICHARNESS           how to start the harness on a node (default: Maven, see cluster/nicharness)
# Prints the two job ids; 'squeue -u $USER' follows them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cluster="$(cd "$here/.." && pwd)"
root="$(cd "$cluster/.." && pwd)"
count="${1:-}"
if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 N [run options...]   (N: the number of shards, one array task each; was '${count}')" >&2
  exit 2
fi
shift
command -v sbatch >/dev/null || { echo "error: sbatch not found: run this on a Slurm login node" >&2; exit 1; }
export NICHARNESS_SHARDS="${NICHARNESS_SHARDS:-$root/shards}"
export NICHARNESS_RESULTS="${NICHARNESS_RESULTS:-$root/results-merged}"
export NICHARNESS_SHARD_COUNT="$count"
export NICHARNESS_CLUSTER_DIR="$cluster"
mkdir -p "$NICHARNESS_SHARDS"
# shellcheck disable=SC2206 # extra options are words on purpose
extra=(${NICHARNESS_SBATCH---exclusive})
array=$(sbatch --parsable "${extra[@]}" --array="0-$((count - 1))" --chdir="$root" \
  --output="$NICHARNESS_SHARDS/slurm-%A_%a.out" "$here/shard.sbatch" "$@")
array="${array%%;*}"
merge=$(sbatch --parsable "${extra[@]}" --dependency="afterok:${array}" --kill-on-invalid-dep=yes --chdir="$root" \
  --output="$NICHARNESS_SHARDS/slurm-%j-merge.out" "$here/merge.sbatch")
merge="${merge%%;*}"
echo "shards: job array ${array} (${count} tasks) -> ${NICHARNESS_SHARDS}"
echo "merge:  job ${merge}, after every shard succeeds -> ${NICHARNESS_RESULTS}"
