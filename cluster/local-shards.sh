#!/usr/bin/env bash
# Runs a plan as N shards in parallel processes on this machine, then merges them: what a cluster
# does with 'run --shard K/N' on N nodes, here for trying the partition out, or for a machine with
# many CPUs. Usage:
#   cluster/local-shards.sh N [run options...]      e.g. cluster/local-shards.sh 2 -e fig9 -p smoke
# Shard K writes $NICHARNESS_SHARDS/K-of-N (default: shards/ in this checkout); the merged results
# go to $NICHARNESS_RESULTS (default: results/, with the charts in plots/). Each shard resumes what
# an earlier attempt left in its folder. Exits non-zero, naming the shard, if any shard or the
# merge fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
count="${1:-}"
if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 N [run options...]   (N: the number of shards, at least 1; was '${count}')" >&2
  exit 2
fi
shift
shards="${NICHARNESS_SHARDS:-$root/shards}"
mkdir -p "$shards"
pids=()
for ((k = 0; k < count; k++)); do
  "$here/nicharness" run --shard "$k/$count" --output "$shards/$k-of-$count" --resume "$@" \
    > "$shards/$k-of-$count.out" 2>&1 &
  pids+=("$!")
done
failed=()
for ((k = 0; k < count; k++)); do
  if ! wait "${pids[$k]}"; then
    failed+=("$k/$count (see $shards/$k-of-$count.out)")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "error: local-shards: shard(s) failed: ${failed[*]}; run the same command again to resume them" >&2
  exit 1
fi
folders=()
for ((k = 0; k < count; k++)); do
  folders+=("$shards/$k-of-$count")
done
merge=(merge)
if [[ -n "${NICHARNESS_RESULTS:-}" ]]; then
  merge+=(--output "$NICHARNESS_RESULTS")
fi
exec "$here/nicharness" "${merge[@]}" "${folders[@]}"
