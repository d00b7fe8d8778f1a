package dev.sata.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads token and query files into normalised rows. */
public final class CorpusReader {

  private CorpusReader() {}

  /** Reads token rows normalised to {@link TokenRows#TOKEN_SCHEMA} plus {@code source_file}. */
  public static Dataset<Row> readTokens(SparkSession spark, String path, CorpusFormat format) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Reads query rows normalised to {@link TokenRows#QUERY_SCHEMA} plus {@code source_file}. */
  public static Dataset<Row> readQueries(SparkSession spark, String path, CorpusFormat format) {
    throw new UnsupportedOperationException("not built yet");
  }
}
