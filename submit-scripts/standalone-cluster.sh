#!/usr/bin/env bash
# Starts and stops a Spark standalone cluster on 127.0.0.1 from the project's own jars, for
# testing against a real cluster on one machine (no Spark installation needed):
#   submit-scripts/standalone-cluster.sh start [WORKERS]   (default 2 workers)
#   submit-scripts/standalone-cluster.sh stop
#   submit-scripts/standalone-cluster.sh status
# then submit with
#   submit-scripts/submit-cluster.sh --master spark://127.0.0.1:$SATA_MASTER_PORT evaluate ...
#
# Environment (defaults in brackets):
#   SATA_CLUSTER_DIR      state, logs and work directories [spark-jobs/target/standalone-cluster]
#   SATA_MASTER_PORT      master RPC port [7077]
#   SATA_MASTER_UI_PORT   master web UI port [8080]; worker UIs use the next ports
#   SATA_WORKER_CORES     cores per worker [1]
#   SATA_WORKER_MEMORY    memory per worker [2g]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cluster_dir="${SATA_CLUSTER_DIR:-$SATA_JOBS_TARGET/standalone-cluster}"
master_port="${SATA_MASTER_PORT:-7077}"
master_ui_port="${SATA_MASTER_UI_PORT:-8080}"
master_url="spark://127.0.0.1:$master_port"

# Waits until a log file contains a line, or fails after a timeout in seconds.
wait_for_log() {
  local file="$1" pattern="$2" timeout="$3" pid="$4"
  local waited=0
  until grep -q "$pattern" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      sata_log "process $pid exited; last lines of $file:"
      tail -n 30 "$file" >&2 || true
      return 1
    fi
    if (( waited >= timeout )); then
      sata_log "timed out after ${timeout}s waiting for '$pattern' in $file"
      tail -n 30 "$file" >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

start_daemon() {
  local name="$1"
  shift
  local log="$cluster_dir/logs/$name.log"
  # $! is the PID of java itself: it runs in this shell, not in a subshell.
  java -Xmx512m "${SATA_JVM_FLAGS[@]}" \
    "-Dlog4j2.configurationFile=$SATA_ROOT/conf/log4j2-daemon.properties" \
    -cp "$(cat "$SATA_CLASSPATH_FILE")" "$@" >"$log" 2>&1 &
  echo $! >"$cluster_dir/pids/$name.pid"
  echo $!
}

start() {
  local workers="${1:-2}"
  if [[ -d "$cluster_dir/pids" ]] && ls "$cluster_dir/pids"/*.pid >/dev/null 2>&1; then
    echo "a cluster seems to be running (pid files in $cluster_dir/pids); run '$0 stop' first" >&2
    exit 1
  fi
  sata_build_if_needed
  mkdir -p "$cluster_dir"/{logs,pids,spark-home/jars}

  # Executors are launched by the workers with this environment; an empty SPARK_HOME/jars plus
  # SPARK_DIST_CLASSPATH lets them start without a Spark distribution.
  export SPARK_HOME="$cluster_dir/spark-home"
  export SPARK_SCALA_VERSION=2.12
  export SPARK_DIST_CLASSPATH="$(cat "$SATA_CLASSPATH_FILE")"

  local master_pid
  master_pid="$(start_daemon master org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui_port")"
  wait_for_log "$cluster_dir/logs/master.log" "I have been elected leader" 60 "$master_pid"

  for ((i = 1; i <= workers; i++)); do
    local worker_pid
    mkdir -p "$cluster_dir/work-$i"
    worker_pid="$(start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "${SATA_WORKER_CORES:-1}" --memory "${SATA_WORKER_MEMORY:-2g}" \
      --webui-port $((master_ui_port + i)) --work-dir "$cluster_dir/work-$i" "$master_url")"
    wait_for_log "$cluster_dir/logs/worker-$i.log" "Successfully registered with master" 60 "$worker_pid"
  done
  echo "$master_url"
  sata_log "standalone cluster up: master $master_url, $workers worker(s), logs in $cluster_dir/logs"
  local uis="master http://127.0.0.1:$master_ui_port"
  for ((i = 1; i <= workers; i++)); do
    uis+=", worker-$i http://127.0.0.1:$((master_ui_port + i))"
  done
  sata_log "web UIs: $uis; a running application's UI is on port 4040 or the next free port"
}

stop() {
  if ! ls "$cluster_dir/pids"/*.pid >/dev/null 2>&1; then
    sata_log "no cluster to stop (no pid files in $cluster_dir/pids)"
    return 0
  fi
  # Workers first, so they do not try to reconnect to a stopped master.
  for pid_file in $(ls "$cluster_dir/pids"/worker-*.pid 2>/dev/null) "$cluster_dir/pids/master.pid"; do
    [[ -f "$pid_file" ]] || continue
    local pid
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 20); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pid_file"
  done
  sata_log "standalone cluster stopped"
}

status() {
  local running=0
  if ! ls "$cluster_dir/pids"/*.pid >/dev/null 2>&1; then
    echo "no cluster: no pid files in $cluster_dir/pids"
    return 1
  fi
  for pid_file in "$cluster_dir/pids"/*.pid; do
    [[ -f "$pid_file" ]] || continue
    local pid
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
      echo "$(basename "$pid_file" .pid): running (pid $pid)"
      running=1
    else
      echo "$(basename "$pid_file" .pid): not running (stale pid $pid)"
    fi
  done
  [[ $running -eq 1 ]]
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  -h|--help|help)
    echo "usage: $0 start [WORKERS] | stop | status"
    ;;
  *)
    echo "usage: $0 start [WORKERS] | stop | status" >&2
    exit 2
    ;;
esac
