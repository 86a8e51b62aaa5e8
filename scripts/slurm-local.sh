#!/usr/bin/env bash
# A real one-node SLURM cluster on this machine, for the tests of @parallel's SLURM backend.
#
#   scripts/slurm-local.sh start    install slurm-wlm and munge if missing, configure, start munged,
#                                   slurmctld and slurmd, wait until the node is idle; prints "started" or
#                                   "running" (a cluster was already up: nothing is started)
#   scripts/slurm-local.sh stop     stops the daemons this script started, by the pids it recorded
#   scripts/slurm-local.sh status   exit 0 when sinfo shows a usable node
#
# Idempotent: a second `start` finds the cluster up and starts nothing; `stop` only ends processes whose
# pids this script wrote to $STATE/pids, never by name. Needs root and apt (CI and the dev machines run as
# root); without them it exits 3 with the reason, so that tests can skip saying why.
#
# Why a slurm.conf of our own: Debian's defaults schedule a job array slowly (8 one-second tasks two at a time
# took 42 s); a short scheduling interval and no batch delay make an array start within a second or two.
# A slurm.conf that this script did not write (a real cluster) is never touched: we then use it as it is.
set -euo pipefail

STATE=${NUMBAT_SLURM_STATE:-/tmp/numbat-slurm}
CONF=/etc/slurm/slurm.conf
MARK='# written by numbat scripts/slurm-local.sh'
cmd=${1:-start}

need_root() {
  if [ "$(id -u)" != 0 ]; then echo "slurm-local: needs root to install and start SLURM" >&2; exit 3; fi
}

usable() {
  # A node that is idle, mixed or allocated takes jobs; down/drained nodes do not.
  command -v sinfo >/dev/null 2>&1 || return 1
  local states
  states=$(timeout 10 sinfo -h -o '%t' 2>/dev/null) || return 1
  echo "$states" | grep -Eq '^(idle|mix|alloc|comp)' || return 1
}

install() {
  if command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null; then return; fi
  command -v apt-get >/dev/null || { echo "slurm-local: no apt-get to install slurm-wlm" >&2; exit 3; }
  export DEBIAN_FRONTEND=noninteractive
  # Other installs may hold the dpkg lock for a while: wait for it rather than fail.
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge >/dev/null 2>&1 || {
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq slurm-wlm munge >/dev/null
  }
}

configure() {
  local host cpus
  host=$(hostname -s)
  cpus=$(nproc)
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge "$STATE"
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then return; fi
  cat > "$CONF.tmp" <<CONF
$MARK
ClusterName=numbat
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,batch_sched_delay=0,sched_min_interval=0,bf_interval=1,default_queue_depth=1000
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
MinJobAge=120
KillWait=2
MessageTimeout=10
MaxArraySize=100001
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  mv "$CONF.tmp" "$CONF"
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  fi
  chown munge:munge /etc/munge/munge.key /run/munge
  chmod 400 /etc/munge/munge.key
}

remember() { echo "$1 $2" >> "$STATE/pids"; }

start() {
  need_root
  if usable; then echo running; return; fi
  install
  configure
  : > "$STATE/pids.new"; cat "$STATE/pids" >> "$STATE/pids.new" 2>/dev/null || true; mv "$STATE/pids.new" "$STATE/pids"
  if ! pgrep -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged --force
    sleep 0.2
    remember munged "$(cat /run/munge/munged.pid)"
  fi
  if ! timeout 5 scontrol ping 2>/dev/null | grep -q UP; then
    slurmctld
    for _ in $(seq 50); do [ -s "$STATE/slurmctld.pid" ] && break; sleep 0.1; done
    remember slurmctld "$(cat "$STATE/slurmctld.pid")"
  fi
  if [ ! -s "$STATE/slurmd.pid" ] || ! kill -0 "$(cat "$STATE/slurmd.pid")" 2>/dev/null; then
    slurmd
    for _ in $(seq 50); do [ -s "$STATE/slurmd.pid" ] && break; sleep 0.1; done
    remember slurmd "$(cat "$STATE/slurmd.pid")"
  fi
  for _ in $(seq 150); do
    if usable; then echo started; return; fi
    # A node left down by an earlier run (e.g. "Not responding") comes back on request.
    scontrol update nodename="$(hostname -s)" state=resume >/dev/null 2>&1 || true
    sleep 0.2
  done
  echo "slurm-local: the node did not become idle; see /var/log/slurm/" >&2
  exit 1
}

stop() {
  [ -f "$STATE/pids" ] || { echo "nothing started"; return; }
  # Reverse order: slurmd, then slurmctld, then munged.
  tac "$STATE/pids" | while read -r name pid; do
    [ -n "$pid" ] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    echo "stopped $name $pid"
  done
  rm -f "$STATE/pids"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) usable ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
