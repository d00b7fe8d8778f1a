#!/usr/bin/env bash
# Runs a job in Spark local mode, without a Spark installation:
#   submit-scripts/run-local.sh JOB [options]      (JOB: evaluate, niah, extract, generate, cost)
#   submit-scripts/run-local.sh evaluate --help    (the options of one job)
#
# Builds the project first when needed, then starts Spark's own SparkSubmit from the project's
# class path. Settings come from conf/spark-defaults.conf and conf/log4j2.properties.
# Environment:
#   SATA_MASTER         Spark master, default local[*] (all cores of this machine)
#   SATA_DRIVER_MEMORY  heap of the single local-mode JVM, default 6g
#   SATA_SPARK_CONF     properties file, default conf/spark-defaults.conf
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage="usage: $0 JOB [options]   (JOB: evaluate, niah, extract, generate, cost; JOB --help lists options)"
case "${1:-}" in
  "")
    echo "$usage" >&2
    exit 2
    ;;
  help)
    # "help" prints the launcher's help, which lists the jobs, and "help JOB" runs "JOB --help".
    shift
    set -- "$@" --help
    ;;
esac

sata_build_if_needed
app_jar="$(sata_app_jar)"

exec java \
  "-Xmx${SATA_DRIVER_MEMORY:-6g}" \
  "${SATA_JVM_FLAGS[@]}" \
  "-Dlog4j2.configurationFile=$SATA_ROOT/conf/log4j2.properties" \
  -cp "$(sata_classpath)" \
  org.apache.spark.deploy.SparkSubmit \
  --master "${SATA_MASTER:-local[*]}" \
  --properties-file "${SATA_SPARK_CONF:-$SATA_ROOT/conf/spark-defaults.conf}" \
  --class "$SATA_MAIN_CLASS" \
  "$app_jar" "$@"
