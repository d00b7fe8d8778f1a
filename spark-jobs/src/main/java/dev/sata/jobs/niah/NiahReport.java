package dev.sata.jobs.niah;

import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.Reports;
import dev.sata.kernel.CostModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the output directory of a {@code niah} run: {@code summary.json}, {@code cells/} (CSV and
 * Parquet), {@code capacity.csv}, the PNG figures and {@code report.md}.
 */
final class NiahReport {

  /** Header of {@code cells/cells.csv}, also the Parquet column names. */
  static final List<String> CELL_COLUMNS =
      List.of(
          "task",
          "method",
          "P",
          "d",
          "dv",
          "logit_scale",
          "length",
          "depth",
          "trials",
          "samples",
          "accuracy",
          "mean_cosine",
          "mean_needle_weight",
          "nonpositive_denominators");

  /** Header of {@code capacity.csv}. */
  static final List<String> CAPACITY_COLUMNS =
      List.of(
          "task",
          "d",
          "dv",
          "method",
          "P",
          "logit_scale",
          "status",
          "capacity",
          "first_failure",
          "probes",
          "state_floats",
          "kv_cache_floats_at_capacity");

  private NiahReport() {}

  /**
   * Writes the cells (CSV and Parquet), {@code capacity.csv} and the figures below the temporary
   * directory of {@code output}, and returns the figure file names.
   */
  static List<String> writeTables(
      SparkSession spark,
      JobOutput output,
      NiahOptions options,
      List<NiahCell> cells,
      List<CapacityRow> capacity) {
    output.writeString("cells/cells.csv", Reports.csv(CELL_COLUMNS, cellRows(cells)));
    writeParquet(spark, output.path("cells/cells.parquet"), cells);
    output.writeString("capacity.csv", Reports.csv(CAPACITY_COLUMNS, capacityRows(capacity)));
    return figures(output, options, cells, capacity);
  }

  /** Writes {@code summary.json} and {@code report.md}, after {@link #writeTables}. */
  static void writeReport(
      SparkSession spark,
      JobOutput output,
      NiahOptions options,
      NiahResult result,
      List<String> figures) {
    output.writeString("summary.json", Reports.json(summary(spark, options, result)));
    output.writeString("report.md", NiahMarkdown.report(options, result, figures, machine(spark)));
  }

  private static List<String> figures(
      JobOutput output, NiahOptions options, List<NiahCell> cells, List<CapacityRow> capacity) {
    List<String> files = new ArrayList<>();
    double reference = referenceScale(options);
    for (NiahTask task : options.tasks()) {
      String name = task.cliName();
      int[] sizes = sizesOf(cells, name);
      if (sizes.length == 0) {
        continue;
      }

      // heat maps of every method at the largest d and the middle logit scale
      files.addAll(NiahCharts.heatMaps(output, cells, name, sizes[sizes.length - 1], reference));

      // accuracy curves of every configuration, then the capacity plot
      for (int d : sizes) {
        for (double scale : options.logitScales()) {
          files.add(NiahCharts.accuracyCurve(output, cells, name, d, scale));
        }
      }
      String file = task == NiahTask.SINGLE ? "capacity.png" : "capacity-" + name + ".png";
      files.add(CapacityChart.capacityPlot(output, capacity, name, file));
    }
    return files;
  }

  /** Returns the middle logit scale, the one the heat maps show. */
  static double referenceScale(NiahOptions options) {
    double[] scales = options.logitScales();
    return scales[scales.length / 2];
  }

  /** Returns the key sizes that have cells for {@code task}, ascending. */
  static int[] sizesOf(List<NiahCell> cells, String task) {
    return cells.stream()
        .filter(c -> c.task().equals(task))
        .mapToInt(NiahCell::d)
        .sorted()
        .distinct()
        .toArray();
  }

  /**
   * Returns the key sizes of the tasks that run, ascending: {@code --d} when a synthetic task runs
   * and {@code --real-text-d} when the real-text task runs.
   */
  static int[] runHeadSizes(NiahOptions options) {
    IntStream synthetic =
        options.hasSyntheticTask() ? Arrays.stream(options.headSizes()) : IntStream.empty();
    IntStream realText =
        runsRealText(options) ? Arrays.stream(options.realTextHeadSizes()) : IntStream.empty();
    return IntStream.concat(synthetic, realText).sorted().distinct().toArray();
  }

  static boolean runsRealText(NiahOptions options) {
    return options.tasks().contains(NiahTask.REAL_TEXT);
  }

  private static List<List<?>> cellRows(List<NiahCell> cells) {
    List<List<?>> rows = new ArrayList<>();
    for (NiahCell c : cells) {
      rows.add(cellValues(c));
    }
    return rows;
  }

  /** Returns the values of one cell in {@link #CELL_COLUMNS} order; P is null for exact. */
  private static List<Object> cellValues(NiahCell c) {
    return Arrays.asList(
        c.task(),
        c.method(),
        c.terms() == 0 ? null : c.terms(),
        c.d(),
        c.dv(),
        c.logitScale(),
        c.length(),
        c.depth(),
        c.trials(),
        c.samples(),
        c.accuracy(),
        c.meanCosine(),
        c.meanNeedleWeight(),
        c.nonPositiveDenominators());
  }

  private static List<List<?>> capacityRows(List<CapacityRow> capacity) {
    List<List<?>> rows = new ArrayList<>();
    for (CapacityRow c : capacity) {
      rows.add(
          Arrays.asList(
              c.task(),
              c.d(),
              c.dv(),
              c.method(),
              c.terms() == 0 ? "" : c.terms(),
              c.logitScale(),
              c.status(),
              c.capacity(),
              c.firstFailure(),
              c.probes(),
              c.terms() == 0 ? "" : c.stateFloats(),
              c.kvCacheFloats()));
    }
    return rows;
  }

  private static void writeParquet(SparkSession spark, String path, List<NiahCell> cells) {
    StructType schema =
        new StructType()
            .add("task", DataTypes.StringType, false)
            .add("method", DataTypes.StringType, false)
            .add("P", DataTypes.IntegerType, true)
            .add("d", DataTypes.IntegerType, false)
            .add("dv", DataTypes.IntegerType, false)
            .add("logit_scale", DataTypes.DoubleType, false)
            .add("length", DataTypes.LongType, false)
            .add("depth", DataTypes.DoubleType, false)
            .add("trials", DataTypes.IntegerType, false)
            .add("samples", DataTypes.IntegerType, false)
            .add("accuracy", DataTypes.DoubleType, false)
            .add("mean_cosine", DataTypes.DoubleType, false)
            .add("mean_needle_weight", DataTypes.DoubleType, false)
            .add("nonpositive_denominators", DataTypes.IntegerType, false);
    List<Row> rows = new ArrayList<>();
    for (NiahCell c : cells) {
      rows.add(RowFactory.create(cellValues(c).toArray()));
    }
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(path);
  }

  private static Map<String, Object> summary(
      SparkSession spark, NiahOptions options, NiahResult result) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("job", "niah");
    summary.put("configuration", configuration(options));
    summary.put("seed", options.seed());
    summary.put("machine", machine(spark));
    summary.put("sweepSeconds", result.sweepSeconds());
    summary.put("jobSecondsBeforeReport", result.jobSeconds());
    summary.put("passes", result.passes());
    summary.put("skipped", result.skipped());
    summary.put("stateSizes", stateSizes(options));
    summary.put("accuracy", accuracyTables(result.cells()));
    summary.put("capacity", result.capacity());
    summary.put("depthSpread", NiahMarkdown.depthSpread(result.cells()));
    summary.put("counts", counts(result));
    return summary;
  }

  /**
   * Returns every option value that applies to the tasks that run, by command-line name: {@code
   * --d} only with a synthetic task, {@code --real-text-d} and {@code --real-text-sentences} only
   * with the real-text task.
   */
  static Map<String, Object> configuration(NiahOptions options) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("task", options.tasks().stream().map(NiahTask::cliName).toList());
    config.put("lengths", options.lengths());
    config.put("depths", options.depths());
    config.put("taylor-terms", options.taylorTerms());
    if (options.hasSyntheticTask()) {
      config.put("d", options.headSizes());
    }
    if (runsRealText(options)) {
      config.put("real-text-d", options.realTextHeadSizes());
    }
    config.put("dv", options.dv());
    config.put("logit-scale", options.logitScales());
    config.put("trials", options.trials());
    config.put("seed", options.seed());
    config.put("chunk-size", options.chunkSize());
    config.put("capacity-threshold", options.capacityThreshold());
    config.put("capacity-min-length", options.capacityMinLength());
    config.put("capacity-max-length", options.capacityMaxLength());
    config.put("partitions", options.partitions());
    config.put("needles", options.needles());
    config.put("distractor-cosine", options.distractorCosine());
    if (runsRealText(options)) {
      config.put("real-text-sentences", options.realTextSentences());
    }
    config.put("max-haystack-flops", options.maxHaystackFlops());
    config.put("output", options.output());
    return config;
  }

  /** Returns D, the state size and the crossover length per key size and P, all exact. */
  private static List<Map<String, Object>> stateSizes(NiahOptions options) {
    List<Map<String, Object>> sizes = new ArrayList<>();
    for (int d : runHeadSizes(options)) {
      for (int terms : options.taylorTerms()) {
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("d", d);
        size.put("P", terms);
        size.put("D", CostModel.exactFeatureCount(d, terms));
        size.put("stateFloats", CostModel.exactStateSize(d, options.dv(), terms));
        size.put("crossoverLength", CostModel.exactCrossoverLength(d, options.dv(), terms));
        sizes.add(size);
      }
    }
    return sizes;
  }

  /** Returns accuracy[task][d][L][method][length], the mean over depths. */
  private static Map<String, Object> accuracyTables(List<NiahCell> cells) {
    Map<String, Object> tables = new TreeMap<>();
    Map<List<Object>, double[]> sums = new LinkedHashMap<>();
    for (NiahCell c : cells) {
      List<Object> key =
          List.of(
              c.task(),
              "d=" + c.d(),
              "L=" + NiahCharts.formatScale(c.logitScale()),
              c.methodLabel(),
              c.length());
      double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
      sum[0] += c.accuracy();
      sum[1]++;
    }
    for (Map.Entry<List<Object>, double[]> entry : sums.entrySet()) {
      Map<String, Object> level = tables;
      List<Object> key = entry.getKey();
      for (int i = 0; i < key.size() - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> next =
            (Map<String, Object>)
                level.computeIfAbsent(key.get(i).toString(), k -> new TreeMap<>());
        level = next;
      }
      level.put(key.get(key.size() - 1).toString(), entry.getValue()[0] / entry.getValue()[1]);
    }
    return tables;
  }

  private static Map<String, Object> counts(NiahResult result) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("cells", result.cells().size());
    counts.put("capacitySearches", result.capacity().size());
    counts.put("capacityProbes", result.capacity().stream().mapToInt(CapacityRow::probes).sum());
    counts.put("tokens", result.passes().stream().mapToLong(PassSummary::tokens).sum());
    counts.put("buildFlops", result.passes().stream().mapToDouble(PassSummary::buildFlops).sum());
    counts.put(
        "evaluationFlops",
        result.passes().stream().mapToDouble(PassSummary::evaluationFlops).sum());
    counts.put("exactFlops", result.passes().stream().mapToDouble(PassSummary::exactFlops).sum());
    counts.put(
        "nonpositiveDenominators",
        result.cells().stream().mapToLong(NiahCell::nonPositiveDenominators).sum());
    return counts;
  }

  /** Returns the CPU model, core count, Java version and Spark master of the run. */
  static Map<String, Object> machine(SparkSession spark) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpuModel", cpuModel());
    machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    machine.put("sparkMaster", spark.sparkContext().master());
    machine.put("defaultParallelism", spark.sparkContext().defaultParallelism());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return machine;
  }

  /** Reads the first {@code model name} of {@code /proc/cpuinfo}, or returns "unknown". */
  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "unknown";
    }
    try {
      for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
