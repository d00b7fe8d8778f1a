package dev.sata.jobs.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import dev.sata.datasets.CorpusReader;
import dev.sata.datasets.CorpusWriter;
import dev.sata.datasets.TokenRows;
import dev.sata.datasets.europarl.EuroparlCorpus;
import dev.sata.datasets.europarl.EuroparlDocument;
import dev.sata.datasets.minilm.MiniLmModel;
import dev.sata.datasets.minilm.QkvExtractor;
import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.Progress;
import dev.sata.jobs.common.Reports;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code extract} job: real queries, keys and values of MiniLM on English Europarl documents,
 * written as token rows.
 *
 * <p>The driver picks the first N English documents of the Europarl sample and distributes them
 * (text and line number) over Spark tasks. Each executor JVM loads the model once ({@link
 * MiniLmModel#shared()}). Each task runs it window by window and emits the rows of all 6 layers and
 * 12 heads ({@link QkvExtractor}). The rows are written through a temporary directory that is
 * renamed into place only when everything succeeded. The counts in the result are read back from
 * the written corpus, so they are exact even when Spark retried a task.
 */
public final class ExtractJob {

  private static final Logger LOG = LoggerFactory.getLogger(ExtractJob.class);

  /** Name of the corpus directory inside the output directory. */
  public static final String TOKENS_DIR = "tokens";

  /** Name of the summary file inside the output directory. */
  public static final String SUMMARY_FILE = "extract.json";

  private ExtractJob() {}

  /**
   * Runs the job in {@code spark} and returns what it wrote. Never exits the JVM; errors are thrown
   * ({@link IllegalArgumentException} for an existing output without overwrite).
   */
  public static ExtractResult run(SparkSession spark, ExtractOptions options) {
    long start = System.nanoTime();
    try (JobOutput output =
            JobOutput.open(
                spark.sparkContext().hadoopConfiguration(), options.output(), options.overwrite());
        Progress progress = Progress.start(spark, "extract", -1, 10)) {
      progress.step("reading the first " + options.documents() + " English Europarl documents");
      List<EuroparlDocument> documents = EuroparlCorpus.englishDocuments(options.documents());
      warnIfFewer(documents.size(), options.documents());

      progress.step("running MiniLM on " + documents.size() + " documents");
      Dataset<Row> rows = extractRows(spark, documents, options.maxTokens(), progress.tokens());
      CorpusWriter.writeTokens(rows, output.path(TOKENS_DIR), options.format());

      progress.step("counting the written rows");
      Row counts = counts(spark, output.path(TOKENS_DIR), options);
      double seconds = (System.nanoTime() - start) / 1e9;
      ExtractResult staged = result(output.finalPath(), options, documents.size(), counts, seconds);
      output.writeString(SUMMARY_FILE, Reports.json(summary(options, staged)));
      output.commit();
      LOG.info(
          "Extracted {} rows of {} windows into {}",
          staged.rows(),
          staged.windows(),
          staged.tokens());
      return staged;
    }
  }

  /** Logs a warning when the bundled corpus has fewer English documents than requested. */
  private static void warnIfFewer(int found, int requested) {
    if (found < requested) {
      LOG.warn(
          "--documents {} exceeds the {} English documents of the bundled Europarl corpus;"
              + " extracting all {}",
          requested,
          found,
          found);
    }
  }

  /** Distributes the documents and returns their token rows ({@link QkvExtractor#SCHEMA}). */
  static Dataset<Row> extractRows(
      SparkSession spark, List<EuroparlDocument> documents, int maxTokens, LongAccumulator tokens) {
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(documents.size(), 4 * context.defaultParallelism()));
    JavaRDD<Row> rows =
        context
            .parallelize(documents, slices)
            .flatMap(
                document -> {
                  MiniLmModel model = MiniLmModel.shared();
                  return new CountingIterator(
                      QkvExtractor.extractLazily(
                          model, document.lineNumber(), document.body(), maxTokens),
                      tokens);
                });
    return spark.createDataFrame(rows, QkvExtractor.SCHEMA);
  }

  private static Row counts(SparkSession spark, String tokensPath, ExtractOptions options) {
    return CorpusReader.readTokens(spark, tokensPath, options.format())
        .agg(count(lit(1)), countDistinct(col(TokenRows.SEQ_ID)))
        .first();
  }

  private static ExtractResult result(
      String finalPath, ExtractOptions options, int documents, Row counts, double seconds) {
    long rows = counts.getLong(0);
    return new ExtractResult(
        finalPath,
        finalPath + "/" + TOKENS_DIR,
        options.format(),
        documents,
        counts.getLong(1),
        rows / QkvExtractor.ROWS_PER_TOKEN,
        rows,
        seconds);
  }

  private static Map<String, Object> summary(ExtractOptions options, ExtractResult result) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("job", "extract");
    summary.put("model", "all-MiniLM-L6-v2 (ONNX, " + MiniLmModel.MODEL_RESOURCE + ")");
    summary.put("corpus", "Europarl sample, English documents in file order");
    summary.put("documents", result.documents());
    summary.put("max_tokens", options.maxTokens());
    summary.put("format", options.format().optionValue());
    summary.put("windows", result.windows());
    summary.put("tokens", result.tokenCount());
    summary.put("rows", result.rows());
    summary.put("layers", MiniLmModel.LAYERS);
    summary.put("heads", MiniLmModel.HEADS);
    summary.put("d", MiniLmModel.HEAD_SIZE);
    summary.put("dv", MiniLmModel.HEAD_SIZE);
    summary.put("model_softmax_scale", "1/sqrt(32)");
    summary.put("wall_seconds", result.seconds());
    return summary;
  }

  /** Passes rows through and adds one to the progress count per token (layer 0, head 0 rows). */
  private static final class CountingIterator implements java.util.Iterator<Row> {
    private final java.util.Iterator<Row> rows;
    private final LongAccumulator tokens;

    CountingIterator(java.util.Iterator<Row> rows, LongAccumulator tokens) {
      this.rows = rows;
      this.tokens = tokens;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Row next() {
      Row row = rows.next();
      if (row.getInt(1) == 0 && row.getInt(2) == 0) {
        tokens.add(1);
      }
      return row;
    }
  }
}
