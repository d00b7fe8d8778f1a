package dev.sata.jobs.evaluate;

import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.Progress;
import dev.sata.jobs.common.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate} job: symmetry-aware Taylor approximated attention against exact softmax on
 * Spark, per sequence key {@code (seq_id, layer, head)} and per requested number of terms {@code
 * P}.
 *
 * <p>Output directory layout: {@code summary.json}, {@code summary.csv} (one row per {@code P}),
 * {@code metrics/} (one row per sequence key and {@code P}, as {@code metrics/csv} and {@code
 * metrics/parquet} or {@code metrics/json}), {@code report.md} with its PNG plots, and with {@code
 * --emit-outputs} the per-query {@code outputs/}. Everything is written below a temporary directory
 * and renamed into place at the end, so a failed run leaves no output.
 */
public final class EvaluateJob {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  /** Maximum number of per-sequence points drawn in the error against logit range plot. */
  static final int MAX_PLOT_POINTS = 50_000;

  private EvaluateJob() {}

  /**
   * Runs the evaluation and commits the output directory. Never calls {@code System.exit}.
   *
   * @throws dev.sata.datasets.InvalidInputException for input that breaks the token-row contract;
   *     no output directory is left behind
   * @throws IllegalArgumentException for an output directory that exists without {@code
   *     --overwrite}, or that is, contains or lies inside the input or the query file
   */
  public static EvaluateResult run(SparkSession spark, EvaluateOptions options) {
    long start = System.nanoTime();
    LOG.info("evaluate: input {}, output {}", options.input(), options.output());
    try (JobOutput output =
        JobOutput.open(
            spark.sparkContext().hadoopConfiguration(),
            options.output(),
            options.overwrite(),
            inputPaths(options))) {
      EvaluatePipeline.Evaluation evaluation = null;
      // Progress calls its count "tokens", but evaluate counts finished queries in it
      try (Progress progress = Progress.start(spark, "evaluate", "queries", 0, 10)) {
        // read and validate before any work
        progress.step("Reading and validating the input");
        EvaluateInput input = EvaluateInput.read(spark, options);
        progress.total(queryTotal(input));

        evaluation = EvaluatePipeline.run(spark, options, input, progress);
        EvaluateResult result = write(spark, output, evaluation, options, input, progress, start);
        output.commit();
        progress.step("Report: " + output.finalPath() + "/report.md");
        return result;
      } finally {
        if (evaluation != null) {
          evaluation.release();
        }
      }
    }
  }

  /** Returns the paths the run reads, which the output directory must keep apart from. */
  private static List<JobOutput.InputPath> inputPaths(EvaluateOptions options) {
    List<JobOutput.InputPath> inputs = new ArrayList<>();
    inputs.add(new JobOutput.InputPath(options.inputOption(), options.input()));
    if (options.queries() != null) {
      inputs.add(new JobOutput.InputPath("--queries", options.queries()));
    }
    return inputs;
  }

  /**
   * Returns the number of queries the progress line counts to: the token rows with a {@code q} for
   * self-attention, or 0 (unknown, no percentage) for a query file, which is not counted before
   * planning.
   */
  private static long queryTotal(EvaluateInput input) {
    if (input.queries() != null) {
      return 0;
    }
    return input.report().rows() - input.report().nullQueryRows();
  }

  private static EvaluateResult write(
      SparkSession spark,
      JobOutput output,
      EvaluatePipeline.Evaluation evaluation,
      EvaluateOptions options,
      EvaluateInput input,
      Progress progress,
      long start) {
    int[] terms = evaluation.config().terms();
    String format = options.outputFormat();

    // per-query outputs first: they reuse the persisted outcomes
    if (options.emitOutputs()) {
      progress.step("Writing per-query outputs");
      Dataset<Row> outputs =
          OutputsTable.rows(
              spark,
              evaluation.outcomes(),
              terms,
              evaluation.config().dv(),
              input.queries() == null);
      // JSON keeps null y_exact as null: Spark's JSON writer drops null fields by default
      outputs
          .write()
          .format(format)
          .option("ignoreNullFields", "false")
          .save(output.path("outputs"));
    }

    // metrics per sequence key and P
    progress.step("Evaluating and writing per-sequence metrics");
    Dataset<Row> metrics =
        MetricsTable.rows(spark, evaluation.perSequence(), evaluation.broadcastPlans(), terms);
    int files = Math.max(1, evaluation.plans().size() / 50_000);
    metrics
        .coalesce(files)
        .write()
        .format(format)
        .option("ignoreNullFields", "false")
        .save(output.path("metrics/" + format));
    Dataset<Row> written =
        spark
            .read()
            .format(format)
            .schema(MetricsTable.SCHEMA)
            .load(output.path("metrics/" + format));
    written.coalesce(files).write().option("header", true).csv(output.path("metrics/csv"));

    // summary, report and plots
    progress.step("Writing the summary and the report");
    LogitSpread spread = LogitSpread.of(written, terms[0]);
    EvaluateSummary summary =
        EvaluateSummary.compute(evaluation, options, input.report(), spread, start);
    Map<String, Object> json = summary.toJson();
    output.writeString("summary.json", Reports.json(json));
    output.writeString("summary.csv", summary.toCsv());
    ReportWriter.write(output, summary, plotPoints(written));
    return result(output, summary, json);
  }

  /** Returns {@code (taylor_terms, logit_max_abs, mean_rel_error)} of a bounded set of rows. */
  private static List<Row> plotPoints(Dataset<Row> metrics) {
    return metrics
        .select("taylor_terms", "logit_max_abs", "mean_rel_error", "seq_id", "layer", "head")
        .orderBy(
            functions.xxhash64(
                functions.col("seq_id"), functions.col("layer"), functions.col("head")))
        .limit(MAX_PLOT_POINTS)
        .collectAsList();
  }

  private static EvaluateResult result(
      JobOutput output, EvaluateSummary summary, Map<String, Object> json) {
    int termCount = summary.config.terms().length;
    long[] nonPositive = new long[termCount];
    for (int r = 0; r < termCount; r++) {
      nonPositive[r] = summary.total.nonPositive(r);
    }
    return new EvaluateResult(
        output.finalPath(),
        json,
        summary.report.rows(),
        summary.report.keys(),
        summary.total.queries(),
        summary.total.exactQueries(),
        nonPositive);
  }
}
