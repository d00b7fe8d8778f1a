package dev.sata.jobs.generate;

import dev.sata.datasets.CorpusWriter;
import dev.sata.datasets.synthetic.GaussianCorpus;
import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.Progress;
import dev.sata.jobs.common.Reports;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code generate} job: writes a Gaussian token corpus ({@link GaussianCorpus}) generated on
 * the executors, through a temporary directory renamed into place when the write succeeded.
 */
public final class GenerateJob {

  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  /** Name of the corpus directory inside the output directory. */
  public static final String TOKENS_DIR = "tokens";

  /** Name of the summary file inside the output directory. */
  public static final String SUMMARY_FILE = "generate.json";

  private GenerateJob() {}

  /** Runs the job in {@code spark} and returns what it wrote. Never exits the JVM. */
  public static GenerateResult run(SparkSession spark, GenerateOptions options) {
    long start = System.nanoTime();
    GaussianCorpus.Spec spec = options.spec();
    try (JobOutput output =
            JobOutput.open(
                spark.sparkContext().hadoopConfiguration(), options.output(), options.overwrite());
        Progress progress = Progress.start(spark, "generate", spec.rows(), 10)) {
      progress.step(
          "generating " + spec.rows() + " token rows in " + options.partitions() + " partitions");
      CorpusWriter.writeTokens(
          GaussianCorpus.generate(spark, spec, options.partitions()),
          output.path(TOKENS_DIR),
          options.format());

      double seconds = (System.nanoTime() - start) / 1e9;
      GenerateResult result =
          new GenerateResult(
              output.finalPath(),
              output.finalPath() + "/" + TOKENS_DIR,
              options.format(),
              spec.keys(),
              spec.rows(),
              seconds);
      output.writeString(SUMMARY_FILE, Reports.json(summary(options, result)));
      output.commit();
      LOG.info("Generated {} rows into {}", result.rows(), result.tokens());
      return result;
    }
  }

  private static Map<String, Object> summary(GenerateOptions options, GenerateResult result) {
    GaussianCorpus.Spec spec = options.spec();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("job", "generate");
    summary.put("spec", spec);
    summary.put("logit_standard_deviation", spec.logitScale() * spec.logitScale());
    summary.put("partitions", options.partitions());
    summary.put("format", options.format().optionValue());
    summary.put("keys", result.keys());
    summary.put("rows", result.rows());
    summary.put("wall_seconds", result.seconds());
    return summary;
  }
}
