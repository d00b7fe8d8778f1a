package dev.sata.jobs.extract;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.minilm.MiniLmModel;

/**
 * Options of the {@code extract} job.
 *
 * @param documents how many English Europarl documents to extract, the first ones in file order; at
 *     least 1
 * @param maxTokens maximum tokens per window, {@code [CLS]} and {@code [SEP]} included; 3 to 512
 * @param format file format of the written token rows
 * @param output the output directory; it receives {@code tokens/} (the corpus) and {@code
 *     extract.json} (the summary)
 * @param overwrite whether an existing output directory is replaced
 */
public record ExtractOptions(
    int documents, int maxTokens, CorpusFormat format, String output, boolean overwrite) {

  /** Documents extracted when the option is not given. */
  public static final int DEFAULT_DOCUMENTS = 20;

  /** Checks every field; messages name the command-line option. */
  public ExtractOptions {
    if (documents < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '--documents': " + documents + "; expected at least 1");
    }
    if (maxTokens < 3 || maxTokens > MiniLmModel.MAX_TOKENS) {
      throw new IllegalArgumentException(
          "Invalid value for option '--max-tokens': "
              + maxTokens
              + "; expected 3 to "
              + MiniLmModel.MAX_TOKENS
              + " ([CLS] and [SEP] included)");
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

  /** {@value #DEFAULT_DOCUMENTS} documents, windows of 512 tokens, Parquet, no overwrite. */
  public static ExtractOptions defaults(String output) {
    return new ExtractOptions(
        DEFAULT_DOCUMENTS, MiniLmModel.MAX_TOKENS, CorpusFormat.PARQUET, output, false);
  }
}
