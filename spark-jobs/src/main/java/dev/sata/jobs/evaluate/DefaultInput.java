package dev.sata.jobs.evaluate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.minilm.MiniLmModel;
import dev.sata.jobs.common.ShutdownCleanup;
import dev.sata.jobs.extract.ExtractJob;
import dev.sata.jobs.extract.ExtractOptions;
import dev.sata.jobs.extract.ExtractResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default input of {@code evaluate}: real MiniLM queries, keys and values of English
 * Europarl documents, extracted into a temporary directory that is removed after the run.
 */
final class DefaultInput {

  /** Documents extracted when {@code --documents} is not given. */
  static final int DEFAULT_DOCUMENTS = 12;

  private static final Logger LOG = LoggerFactory.getLogger(DefaultInput.class);

  private DefaultInput() {}

  /**
   * Extracts {@code documents} documents, evaluates them with the options of {@code builder} and
   * removes the extracted rows.
   */
  static EvaluateResult evaluate(
      SparkSession spark, EvaluateOptions.Builder builder, int documents) {
    Path directory = createTempDirectory();
    try (ShutdownCleanup cleanup = ShutdownCleanup.register(() -> deleteRecursively(directory))) {
      // MiniLM windows of at most 512 tokens, all 6 layers and 12 heads
      ExtractOptions extract =
          new ExtractOptions(
              documents,
              MiniLmModel.MAX_TOKENS,
              CorpusFormat.PARQUET,
              directory.resolve("extract").toString(),
              false);
      ExtractResult extracted = ExtractJob.run(spark, extract);
      LOG.info(
          "Default input: {} documents, {} windows, {} token rows in {}",
          extracted.documents(),
          extracted.windows(),
          extracted.rows(),
          extracted.tokens());
      String label =
          "all-MiniLM-L6-v2 Q/K/V of the first "
              + extracted.documents()
              + " English Europarl documents ("
              + extracted.windows()
              + " windows of at most "
              + MiniLmModel.MAX_TOKENS
              + " tokens), extracted to a temporary directory";
      return EvaluateJob.run(
          spark,
          builder
              .input(extracted.tokens())
              .inputLabel(label)
              .documents(documents)
              .format(CorpusFormat.PARQUET)
              .build());
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("sata-evaluate-input-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a temporary directory for the default input", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(DefaultInput::delete);
    } catch (IOException e) {
      LOG.warn("Cannot remove the temporary default input {}", directory, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      LOG.warn("Cannot remove {}", path, e);
    }
  }
}
