package dev.sata.jobs.extract;

import dev.sata.datasets.CorpusFormat;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/**
 * The {@code --format}, {@code --output} and {@code --overwrite} options of a job that writes a
 * corpus ({@code extract}, {@code generate}), used as a picocli mixin.
 */
public final class CorpusOutputOptions {

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format: parquet, json or arrow (default: ${DEFAULT-VALUE}).")
  String format = "parquet";

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Output directory (default: a new directory under out/ named after the job and its"
              + " start time, such as out/${COMMAND-NAME}-20250131-142501).")
  String output;

  @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
  boolean overwrite;

  /** Returns the parsed {@code --format}; an unknown name raises IllegalArgumentException. */
  public CorpusFormat format() {
    return CorpusFormat.parse(format);
  }

  /** Returns {@code --output}, or {@code out/<job>-<yyyyMMdd-HHmmss>} when it is not given. */
  public String output(String job) {
    if (output != null) {
      return output;
    }
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "out/" + job + "-" + time;
  }

  /** Returns whether {@code --overwrite} was given. */
  public boolean overwrite() {
    return overwrite;
  }
}
