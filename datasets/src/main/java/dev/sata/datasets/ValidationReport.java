package dev.sata.datasets;

/**
 * What {@link TokenRowValidator} found in a valid set of token rows.
 *
 * @param rows number of token rows
 * @param sequences number of distinct {@code seq_id}
 * @param keys number of distinct sequence keys {@code (seq_id, layer, head)}
 * @param d length of {@code k} (and of non-null {@code q}) when all keys agree, else -1
 * @param dv length of {@code v} when all keys agree, else -1
 * @param minLength fewest rows of any sequence key
 * @param maxLength most rows of any sequence key
 * @param gapCount missing positions, summed over keys: for each key, {@code max(pos) + 1} minus its
 *     number of distinct positions
 * @param keysWithGaps number of keys with at least one missing position
 * @param nullQueryRows number of rows whose {@code q} is null (key-only tokens)
 */
public record ValidationReport(
    long rows,
    long sequences,
    long keys,
    int d,
    int dv,
    long minLength,
    long maxLength,
    long gapCount,
    long keysWithGaps,
    long nullQueryRows) {

  /** Returns whether any row has a null {@code q}. */
  public boolean anyQueryNull() {
    return nullQueryRows > 0;
  }
}
