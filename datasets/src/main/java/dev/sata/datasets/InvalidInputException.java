package dev.sata.datasets;

import java.util.Optional;

/**
 * Input data that breaks the token-row contract. The message names the file, the row (sequence key
 * and {@code pos}) or the column, the value found and the value expected.
 */
public class InvalidInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns the first {@code InvalidInputException} in the cause chain of {@code error}, for
   * example one thrown inside a Spark task and wrapped by Spark on the driver.
   */
  public static Optional<InvalidInputException> findIn(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException invalid) {
        return Optional.of(invalid);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * Returns, for the caller to throw, a new {@code InvalidInputException} with the message of the
   * one inside {@code error} (so callers see the contract error, not Spark's wrapper), or {@code
   * error} itself when it contains none.
   */
  public static RuntimeException unwrap(RuntimeException error) {
    return findIn(error)
        .<RuntimeException>map(found -> new InvalidInputException(found.getMessage(), error))
        .orElse(error);
  }
}
