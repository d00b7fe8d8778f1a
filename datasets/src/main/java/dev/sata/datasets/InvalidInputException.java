package dev.sata.datasets;

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
}
