package dev.sata.jobs.evaluate;

import dev.sata.datasets.CorpusFormat;
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
    try {
      String tokens = directory.resolve("tokens").toString();
      extract(spark, documents, tokens);
      return EvaluateJob.run(spark, builder.input(tokens).format(CorpusFormat.PARQUET).build());
    } finally {
      deleteRecursively(directory);
    }
  }

  /** Writes the MiniLM token rows of the first {@code documents} English documents. */
  static void extract(SparkSession spark, int documents, String path) {
    throw new UnsupportedOperationException("the extract job is not available yet");
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
