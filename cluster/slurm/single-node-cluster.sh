#!/usr/bin/env bash
# A Slurm cluster of one node on this machine, for trying submit.sh without a cluster (and for the
# test that runs the launch files): munged, slurmctld and slurmd as root, every file in FOLDER,
# nothing in /etc. Needs Debian's slurm-wlm and munge packages. Usage:
#   cluster/slurm/single-node-cluster.sh start FOLDER   # prints 'export SLURM_CONF=...' to use it
#   cluster/slurm/single-node-cluster.sh stop FOLDER
# Exits non-zero with the reason (a missing program, a daemon that did not come up, with its log).
set -euo pipefail
action="${1:-}"
folder="${2:-}"
if [[ -z "$action" || -z "$folder" ]]; then
  echo "usage: $0 start|stop FOLDER" >&2
  exit 2
fi
folder="$(mkdir -p "$folder" && cd "$folder" && pwd)"
conf="$folder/slurm.conf"

# Whether process $1 still runs (a zombie, which a container's init may never reap, does not).
running() {
  [[ -r "/proc/$1/status" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"
}

# Stops the daemons and waits until they have exited, so that no file in the folder is still being
# written when the caller removes it (slurmctld saves its state as it shuts down).
stop() {
  for daemon in slurmd slurmctld munged; do
    if [[ -f "$folder/$daemon.pid" ]]; then
      pid="$(cat "$folder/$daemon.pid")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do
        running "$pid" || break
        sleep 0.1
      done
      if running "$pid"; then
        kill -9 "$pid" 2>/dev/null || true
      fi
      rm -f "$folder/$daemon.pid"
    fi
  done
}

if [[ "$action" == stop ]]; then
  stop
  exit 0
fi
if [[ "$action" != start ]]; then
  echo "usage: $0 start|stop FOLDER (was '$action')" >&2
  exit 2
fi
for program in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$program" >/dev/null || { echo "error: $program not found: install Debian's slurm-wlm and munge packages" >&2; exit 1; }
done
if [[ "$(id -u)" != 0 ]]; then
  echo "error: slurmd must run as root to start jobs as their user; run this as root (CI does)" >&2
  exit 1
fi
node="$(hostname -s)"
cpus="$(nproc)"
ctld_port="${SLURMCTLD_PORT:-16817}"
slurmd_port="${SLURMD_PORT:-16818}"
mkdir -p "$folder/state" "$folder/spool" "$folder/log"
stop
head -c 1024 /dev/urandom > "$folder/munge.key"
chmod 600 "$folder/munge.key"
munged --force --socket="$folder/munge.sock" --key-file="$folder/munge.key" --log-file="$folder/log/munged.log" \
  --pid-file="$folder/munged.pid" --seed-file="$folder/munged.seed"
cat > "$conf" <<CONF
ClusterName=single
SlurmctldHost=${node}
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${folder}/munge.sock
CredType=cred/munge
StateSaveLocation=${folder}/state
SlurmdSpoolDir=${folder}/spool
SlurmctldPidFile=${folder}/slurmctld.pid
SlurmdPidFile=${folder}/slurmd.pid
SlurmctldLogFile=${folder}/log/slurmctld.log
SlurmdLogFile=${folder}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=${node} CPUs=${cpus} State=UNKNOWN
PartitionName=single Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$conf"
slurmctld
slurmd
for _ in $(seq 1 50); do
  if sinfo --noheader --states=idle,mixed,allocated 2>/dev/null | grep -q "$node"; then
    echo "export SLURM_CONF=$conf"
    exit 0
  fi
  sleep 0.2
done
echo "error: the single-node Slurm in $folder did not come up within 10 s; its logs:" >&2
tail -n 20 "$folder"/log/*.log >&2 || true
stop
exit 1
