package dev.sata.datasets;

/**
 * What {@link TokenRowValidator} checks beyond the fixed rules.
 *
 * @param expectedD the required length of every {@code k} and non-null {@code q}, or 0 to accept
 *     any length that is the same within each sequence key
 * @param expectedDv the required length of every {@code v}, or 0 to accept any length that is the
 *     same within each sequence key
 * @param strictPositions when true, a gap in the positions of a sequence key (a missing position
 *     between 0 and its largest {@code pos}) is an error; when false it is counted in the report
 *     and logged as a warning
 * @param inputName what the rows were read from (a path), named when the input is empty; may be
 *     null
 */
public record ValidationOptions(
    int expectedD, int expectedDv, boolean strictPositions, String inputName) {

  /** Checks that the expected lengths are 0 (unchecked) or positive. */
  public ValidationOptions {
    if (expectedD < 0) {
      throw new IllegalArgumentException(
          "Invalid expected d: " + expectedD + "; expected 0 (any) or a positive length");
    }
    if (expectedDv < 0) {
      throw new IllegalArgumentException(
          "Invalid expected dv: " + expectedDv + "; expected 0 (any) or a positive length");
    }
  }

  /** Any d and dv, gaps are warnings, no input name. */
  public static ValidationOptions defaults() {
    return new ValidationOptions(0, 0, false, null);
  }

  /** Returns a copy that requires {@code k} and {@code q} of length {@code d}. */
  public ValidationOptions withExpectedD(int d) {
    return new ValidationOptions(d, expectedDv, strictPositions, inputName);
  }

  /** Returns a copy that requires {@code v} of length {@code dv}. */
  public ValidationOptions withExpectedDv(int dv) {
    return new ValidationOptions(expectedD, dv, strictPositions, inputName);
  }

  /** Returns a copy in which gaps in positions are errors ({@code true}) or warnings. */
  public ValidationOptions withStrictPositions(boolean strict) {
    return new ValidationOptions(expectedD, expectedDv, strict, inputName);
  }

  /** Returns a copy that names {@code name} (a path) in the message for empty input. */
  public ValidationOptions withInputName(String name) {
    return new ValidationOptions(expectedD, expectedDv, strictPositions, name);
  }
}
