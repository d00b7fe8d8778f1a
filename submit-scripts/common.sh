# Shared by the launch scripts: project paths, the JVM flags Spark 3.5 needs on Java 17, and a
# build of the application jar and its class path when the sources are newer than the jar.
# Sourced, not executed.

SATA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SATA_JOBS_TARGET="$SATA_ROOT/spark-jobs/target"
SATA_CLASSPATH_FILE="$SATA_JOBS_TARGET/classpath.txt"
SATA_MAIN_CLASS="dev.sata.jobs.SataJobs"

# Spark's own list (org.apache.spark.launcher.JavaModuleOptions) plus the Vector API module.
SATA_JVM_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)

# Spark binds to the address the host name resolves to; on many laptops and CI machines that is
# not a usable interface. Loopback works everywhere for local mode and a one-machine cluster.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

sata_log() {
  echo "[sata] $*" >&2
}

# Prints the first existing path among its arguments, or nothing. A glob with no match stays
# literal, so the existence test filters it out. No pipe into `head`: under `pipefail` the writer's
# broken pipe would end the script.
sata_first_file() {
  local f
  for f in "$@"; do
    if [[ -f "$f" ]]; then
      echo "$f"
      return 0
    fi
  done
}

# Prints the application jar (thin: Spark and the other dependencies come from the class path).
sata_app_jar() {
  local f
  for f in "$SATA_JOBS_TARGET"/sata-spark-jobs-*.jar; do
    if [[ -f "$f" && "$f" != *-app.jar && "$f" != *sources* ]]; then
      echo "$f"
      return 0
    fi
  done
}

# Builds the modules when the jar or the class path file is missing or older than any source or
# POM. Maven fetches missing dependencies on the first build.
sata_build_if_needed() {
  local jar
  jar="$(sata_app_jar)"
  if [[ -n "$jar" && -f "$SATA_CLASSPATH_FILE" ]]; then
    local newer
    newer="$(find "$SATA_ROOT/pom.xml" "$SATA_ROOT"/kernel "$SATA_ROOT"/datasets "$SATA_ROOT"/spark-jobs \
      \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$jar" -print -quit \))"
    if [[ -z "$newer" ]]; then
      return 0
    fi
    sata_log "sources changed since the last build ($newer); rebuilding"
  else
    sata_log "building the project (first run; Maven downloads dependencies once)"
  fi
  (cd "$SATA_ROOT" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true -Dspotless.check.skip=true package) 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
}

# Prints the run-time class path: the application jar, its modules and every dependency,
# Spark included.
sata_classpath() {
  echo "$(sata_app_jar):$(cat "$SATA_CLASSPATH_FILE")"
}
