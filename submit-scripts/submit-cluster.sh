#!/usr/bin/env bash
# Submits a job to a Spark cluster:
#   submit-scripts/submit-cluster.sh [spark-submit options] JOB [job options]
# e.g.
#   submit-scripts/submit-cluster.sh --master yarn --deploy-mode cluster \
#       --properties-file conf/examples/yarn.conf evaluate --input hdfs:///corpus --output hdfs:///out/eval
#
# Everything before the job name (evaluate, niah, extract, generate, cost) goes to spark-submit;
# everything after it goes to the job. Without --properties-file, conf/spark-defaults.conf is used.
#
# With SPARK_HOME set, runs $SPARK_HOME/bin/spark-submit with the self-contained application jar
# (spark-jobs/target/sata-spark-jobs-*-app.jar, built here when missing: every dependency except
# Spark). Without SPARK_HOME, runs Spark's SparkSubmit class from the project's own class path in
# client mode, which is what the one-machine cluster of standalone-cluster.sh needs: its workers
# already have the class path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage="usage: $0 [spark-submit options] JOB [job options]   (JOB: evaluate, niah, extract, generate, cost)"
case "${1:-}" in
  -h|--help|help)
    echo "$usage"
    exit 0
    ;;
esac

submit_args=()
job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    evaluate|niah|extract|generate|cost)
      job_args=("$@")
      break
      ;;
    *)
      submit_args+=("$1")
      shift
      ;;
  esac
done
if [[ ${#job_args[@]} -eq 0 ]]; then
  echo "$usage" >&2
  exit 2
fi
if [[ " ${submit_args[*]-} " != *" --properties-file "* ]]; then
  submit_args+=(--properties-file "$SATA_ROOT/conf/spark-defaults.conf")
fi

if [[ -n "${SPARK_HOME:-}" && -x "${SPARK_HOME}/bin/spark-submit" ]]; then
  app_jar="$(sata_first_file "$SATA_JOBS_TARGET"/sata-spark-jobs-*-app.jar)"
  if [[ -z "$app_jar" ]]; then
    sata_log "building the self-contained application jar"
    (cd "$SATA_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true -Papp-jar package) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
    app_jar="$(sata_first_file "$SATA_JOBS_TARGET"/sata-spark-jobs-*-app.jar)"
  fi
  exec "$SPARK_HOME/bin/spark-submit" \
    --class "$SATA_MAIN_CLASS" \
    "${submit_args[@]}" \
    "$app_jar" "${job_args[@]}"
fi

sata_build_if_needed
app_jar="$(sata_app_jar)"
exec java \
  "-Xmx${SATA_DRIVER_MEMORY:-4g}" \
  "${SATA_JVM_FLAGS[@]}" \
  "-Dlog4j2.configurationFile=$SATA_ROOT/conf/log4j2.properties" \
  -cp "$(sata_classpath)" \
  org.apache.spark.deploy.SparkSubmit \
  --class "$SATA_MAIN_CLASS" \
  "${submit_args[@]}" \
  "$app_jar" "${job_args[@]}"
