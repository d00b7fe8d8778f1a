package dev.sata.datasets;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Checks token rows against the contract with distributed Spark aggregations. */
public final class TokenRowValidator {

  private TokenRowValidator() {}

  /**
   * Validates normalised token rows; throws {@link InvalidInputException} on the first problems.
   */
  public static ValidationReport validate(Dataset<Row> rows, ValidationOptions options) {
    throw new UnsupportedOperationException("not built yet");
  }
}
