package dev.sata.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Spark standalone cluster: a master and two workers on 127.0.0.1 started by
 * {@code submit-scripts/standalone-cluster.sh} from the project's own jars, the evaluate job
 * submitted by {@code submit-scripts/submit-cluster.sh}, and its summary compared with the same job
 * in local mode started by {@code submit-scripts/run-local.sh}.
 *
 * <p>Runs in the {@code integration-test} phase ({@code mvn verify}), after the jar and the class
 * path file exist.
 */
class StandaloneClusterIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Set<String> RUN_SPECIFIC_KEYS =
      Set.of(
          "command",
          "output",
          "input",
          "master",
          "wall_time_seconds",
          "wall_time",
          "started",
          "finished");

  @TempDir static Path work;

  private static int masterPort;
  private static Path clusterDir;

  @BeforeAll
  static void startCluster() throws Exception {
    masterPort = freePort();
    clusterDir = work.resolve("cluster");
    Result start =
        run(
            List.of(script("standalone-cluster.sh"), "start", "2"),
            Map.of(
                "SATA_CLUSTER_DIR", clusterDir.toString(),
                "SATA_MASTER_PORT", String.valueOf(masterPort),
                "SATA_MASTER_UI_PORT", String.valueOf(freePort())),
            180);
    assertEquals(0, start.exitCode, "standalone-cluster.sh start failed:\n" + start.output);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Result stop =
        run(
            List.of(script("standalone-cluster.sh"), "stop"),
            Map.of("SATA_CLUSTER_DIR", clusterDir.toString()),
            60);
    assertEquals(0, stop.exitCode, "standalone-cluster.sh stop failed:\n" + stop.output);
  }

  @Test
  void evaluateOnClusterMatchesLocalMode() throws Exception {
    Path input = writeGaussianCorpus(work.resolve("corpus"));
    List<String> jobArgs =
        List.of(
            "evaluate",
            "--input",
            input.toString(),
            "--format",
            "parquet",
            "--taylor-terms",
            "1,2,3,4",
            "--chunk-size",
            "16",
            "--exact",
            "all");

    Path clusterOut = work.resolve("cluster-report");
    List<String> clusterCommand = new ArrayList<>();
    clusterCommand.add(script("submit-cluster.sh"));
    clusterCommand.add("--master");
    clusterCommand.add("spark://127.0.0.1:" + masterPort);
    clusterCommand.addAll(jobArgs);
    clusterCommand.add("--output");
    clusterCommand.add(clusterOut.toString());
    Result onCluster = run(clusterCommand, Map.of(), 600);
    assertEquals(0, onCluster.exitCode, "evaluate on the cluster failed:\n" + onCluster.output);
    assertExecutorsRan();

    Path localOut = work.resolve("local-report");
    List<String> localCommand = new ArrayList<>();
    localCommand.add(script("run-local.sh"));
    localCommand.addAll(jobArgs);
    localCommand.add("--output");
    localCommand.add(localOut.toString());
    Result local = run(localCommand, Map.of("SATA_MASTER", "local[2]"), 600);
    assertEquals(0, local.exitCode, "evaluate in local mode failed:\n" + local.output);

    ObjectMapper json = new ObjectMapper();
    JsonNode clusterSummary = json.readTree(clusterOut.resolve("summary.json").toFile());
    JsonNode localSummary = json.readTree(localOut.resolve("summary.json").toFile());
    List<String> differences = new ArrayList<>();
    compare("", localSummary, clusterSummary, differences);
    assertTrue(differences.isEmpty(), "cluster and local summaries differ:\n" + differences);
  }

  /** Asserts that an executor ran: a worker's work directory then contains an app-* folder. */
  private static void assertExecutorsRan() throws IOException {
    long appDirs = 0;
    for (int worker = 1; worker <= 2; worker++) {
      Path workDir = clusterDir.resolve("work-" + worker);
      try (var entries = Files.list(workDir)) {
        appDirs += entries.filter(p -> p.getFileName().toString().startsWith("app-")).count();
      }
    }
    assertTrue(appDirs >= 1, "no executor ran on the workers (no app-* folder in work dirs)");
  }

  /** Writes 3 sequences x 2 heads of 100 Gaussian tokens, d = dv = 4, as Parquet. */
  private static Path writeGaussianCorpus(Path dir) {
    StructType schema =
        new StructType()
            .add("seq_id", DataTypes.StringType, false)
            .add("layer", DataTypes.IntegerType, false)
            .add("head", DataTypes.IntegerType, false)
            .add("pos", DataTypes.LongType, false)
            .add("q", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
            .add("k", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("v", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    Random random = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int sequence = 0; sequence < 3; sequence++) {
      for (int head = 0; head < 2; head++) {
        for (long pos = 0; pos < 100; pos++) {
          rows.add(
              RowFactory.create(
                  "seq-" + sequence,
                  0,
                  head,
                  pos,
                  gaussian(random, 4),
                  gaussian(random, 4),
                  gaussian(random, 4)));
        }
      }
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("cluster-it-fixture")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      spark.createDataFrame(rows, schema).repartition(3).write().parquet(dir.toString());
    } finally {
      spark.stop();
    }
    return dir;
  }

  private static List<Double> gaussian(Random random, int size) {
    List<Double> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(random.nextGaussian());
    }
    return values;
  }

  /** Compares two JSON trees; numbers to 1e-9 relative, run-specific fields skipped. */
  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.isNumber() && actual.isNumber()) {
      double e = expected.asDouble();
      double a = actual.asDouble();
      double tolerance = 1e-9 * Math.max(1.0, Math.max(Math.abs(e), Math.abs(a)));
      if (Math.abs(e - a) > tolerance) {
        out.add(path + ": local " + e + " != cluster " + a);
      }
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      Iterator<String> names = expected.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (RUN_SPECIFIC_KEYS.contains(name) || name.contains("time") || name.contains("path")) {
          continue;
        }
        if (!actual.has(name)) {
          out.add(path + "/" + name + ": missing on the cluster");
          continue;
        }
        compare(path + "/" + name, expected.get(name), actual.get(name), out);
      }
      return;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        out.add(
            path
                + ": "
                + expected.size()
                + " elements local, "
                + actual.size()
                + " on the cluster");
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
      return;
    }
    if (!expected.equals(actual)) {
      out.add(path + ": local " + expected + " != cluster " + actual);
    }
  }

  private static String script(String name) {
    return ROOT.resolve("submit-scripts").resolve(name).toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    builder.environment().remove("SPARK_HOME");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path log = Files.createTempFile(work, "command", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }
}
