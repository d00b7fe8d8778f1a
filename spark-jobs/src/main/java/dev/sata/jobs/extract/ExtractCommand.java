package dev.sata.jobs.extract;

import dev.sata.datasets.minilm.MiniLmModel;
import dev.sata.jobs.common.SparkSessions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code extract} command: runs {@link ExtractJob} with options from the command line. */
@Command(
    name = "extract",
    mixinStandardHelpOptions = true,
    description = {
      "Extract real queries, keys and values of MiniLM (all-MiniLM-L6-v2, 6 layers x 12 heads,"
          + " d = dv = 32) on English Europarl documents, written as token rows.",
      "Documents are cut into windows of at most --max-tokens tokens; each window, layer and head"
          + " is one sequence. Output: DIR/tokens (the corpus) and DIR/extract.json."
    })
public final class ExtractCommand implements Callable<Integer> {

  @Option(
      names = "--documents",
      paramLabel = "N",
      description =
          "English Europarl documents to extract, the first N in file order (default: ${DEFAULT-VALUE}).")
  int documents = ExtractOptions.DEFAULT_DOCUMENTS;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description =
          "Maximum tokens per window, [CLS] and [SEP] included, 3 to 512 (default: ${DEFAULT-VALUE}).")
  int maxTokens = MiniLmModel.MAX_TOKENS;

  @Mixin CorpusOutputOptions corpusOutput = new CorpusOutputOptions();

  @Override
  public Integer call() {
    ExtractOptions options =
        new ExtractOptions(
            documents,
            maxTokens,
            corpusOutput.format(),
            corpusOutput.output("extract"),
            corpusOutput.overwrite());
    ExtractResult result = ExtractJob.run(SparkSessions.getOrCreate("sata-extract"), options);
    System.out.printf(
        "Extracted %d documents, %d windows, %d tokens: %d token rows (%s) in %s%n",
        result.documents(),
        result.windows(),
        result.tokenCount(),
        result.rows(),
        result.format().optionValue(),
        result.tokens());
    return 0;
  }
}
