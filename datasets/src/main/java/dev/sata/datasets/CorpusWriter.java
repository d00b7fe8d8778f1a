package dev.sata.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes token rows as Parquet, JSON Lines or Arrow IPC files. */
public final class CorpusWriter {

  private CorpusWriter() {}

  /** Writes {@code rows} to the new directory {@code path} in {@code format}. */
  public static void writeTokens(Dataset<Row> rows, String path, CorpusFormat format) {
    throw new UnsupportedOperationException("not built yet");
  }
}
