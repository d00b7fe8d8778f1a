package dev.sata.jobs.generate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.synthetic.GaussianCorpus;

/**
 * Options of the {@code generate} job.
 *
 * @param spec shape, logit scale, seed and chunk size of the Gaussian corpus
 * @param partitions Spark partitions that generate and write the rows (one file each); at least 1
 * @param format file format of the written token rows
 * @param output the output directory; it receives {@code tokens/} (the corpus) and {@code
 *     generate.json} (the summary)
 * @param overwrite whether an existing output directory is replaced
 */
public record GenerateOptions(
    GaussianCorpus.Spec spec,
    int partitions,
    CorpusFormat format,
    String output,
    boolean overwrite) {

  /** Checks every field; messages name the command-line option. */
  public GenerateOptions {
    if (spec == null) {
      throw new IllegalArgumentException("Missing corpus shape; expected a Gaussian corpus spec");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '--partitions': " + partitions + "; expected at least 1");
    }
    if (format == null) {
      throw new IllegalArgumentException(
          "Missing value for option '--format'; expected one of parquet, json, arrow");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException(
          "Invalid value for option '--output': '" + output + "'; expected a directory path");
    }
  }
}
