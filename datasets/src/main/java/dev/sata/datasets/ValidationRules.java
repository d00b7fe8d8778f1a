package dev.sata.datasets;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The rules {@link TokenRowValidator} applies, each with its message. Per-row rules are columns
 * over the per-row facts it computes ({@code q_len}, {@code k_bad}, ...). The length change rules
 * also read the reference lengths joined per key ({@code first_k_len}, {@code first_v_len}). The
 * repeated position and gap rules only describe rows that the validator finds by aggregating
 * positions.
 */
final class ValidationRules {

  private ValidationRules() {}

  /**
   * Returns the per-row rules that are always errors, in the order their lines appear in a message,
   * before those of {@link #lengthChanges()}, {@link #duplicate()} and {@link #gap()}.
   */
  static List<RowCheck> checks(ValidationOptions options) {
    List<RowCheck> checks = new ArrayList<>();
    checks.add(
        fixed(
            "null_seq_id",
            col(TokenRows.SEQ_ID).isNull(),
            "column 'seq_id' is null; expected a sequence id"));
    checks.add(
        fixed(
            "null_pos",
            col(TokenRows.POS).isNull(),
            "column 'pos' is null; expected a position >= 0"));
    checks.add(
        new RowCheck(
            "negative_pos",
            col(TokenRows.POS).lt(0),
            lit(null),
            (first, i) -> "column 'pos' is " + first.get(3) + "; expected a position >= 0"));

    checks.add(
        fixed("null_k", col("k_null"), "column 'k' is null; expected an array of d numbers"));
    checks.add(
        fixed("null_v", col("v_null"), "column 'v' is null; expected an array of dv numbers"));
    for (String array : List.of(TokenRows.Q, TokenRows.K, TokenRows.V)) {
      checks.add(nonFinite(array));
    }

    checks.add(
        new RowCheck(
            "q_vs_k_length",
            col("q_len").notEqual(col("k_len")),
            struct(col("q_len"), col("k_len")),
            (first, i) ->
                "column 'q' has length "
                    + first.getStruct(i).get(0)
                    + "; expected "
                    + first.getStruct(i).get(1)
                    + ", the length of 'k' in the same row"));
    if (options.expectedD() > 0) {
      checks.add(expectedLength("k_vs_d", TokenRows.K, "k_len", "d", options.expectedD()));
      checks.add(expectedLength("q_vs_d", TokenRows.Q, "q_len", "d", options.expectedD()));
    }
    if (options.expectedDv() > 0) {
      checks.add(expectedLength("v_vs_dv", TokenRows.V, "v_len", "dv", options.expectedDv()));
    }
    return checks;
  }

  /**
   * Returns the rules against d or dv changing within a key, over rows joined with {@code
   * first_k_len} and {@code first_v_len}, the lengths at the first position of their key.
   */
  static List<RowCheck> lengthChanges() {
    return List.of(
        lengthChange("d_change", TokenRows.K, "d"), lengthChange("dv_change", TokenRows.V, "dv"));
  }

  /** Describes a row whose position occurred before in its key. */
  static RowCheck.Describer duplicate() {
    return (first, i) ->
        "column 'pos' repeats position "
            + first.get(3)
            + "; expected each position once per sequence key";
  }

  /**
   * Describes the row right after missing positions, whose detail is the previous position of its
   * key, or null when the key starts above 0.
   */
  static RowCheck.Describer gap() {
    return (first, i) -> {
      long pos = first.getLong(3);
      String from =
          first.isNullAt(i) ? "starts at " + pos : "jumps from " + first.get(i) + " to " + pos;
      long missing = first.isNullAt(i) ? pos : pos - first.getLong(i) - 1;
      return "column 'pos' "
          + from
          + ", missing "
          + missing
          + (missing == 1 ? " position" : " positions")
          + "; expected consecutive positions from 0 in each sequence key";
    };
  }

  private static RowCheck fixed(String name, Column offends, String text) {
    return new RowCheck(name, offends, lit(null), (first, i) -> text);
  }

  private static RowCheck nonFinite(String array) {
    String bad = array + "_bad";
    return new RowCheck(
        "non_finite_" + array,
        col(bad).isNotNull(),
        col(bad),
        (first, i) -> {
          Row element = first.getStruct(i);
          return "column '"
              + array
              + "' has "
              + element.get(1)
              + " at index "
              + element.get(0)
              + "; expected finite numbers";
        });
  }

  private static RowCheck expectedLength(
      String name, String array, String lengthColumn, String symbol, int expected) {
    return new RowCheck(
        name,
        col(lengthColumn).notEqual(expected),
        col(lengthColumn),
        (first, i) ->
            "column '"
                + array
                + "' has length "
                + first.get(i)
                + "; expected "
                + symbol
                + " = "
                + expected);
  }

  private static RowCheck lengthChange(String name, String array, String symbol) {
    String length = array + "_len";
    String firstLength = "first_" + array + "_len";
    return new RowCheck(
        name,
        col(length).notEqual(col(firstLength)),
        struct(col(length), col(firstLength)),
        (first, i) ->
            "column '"
                + array
                + "' has length "
                + first.getStruct(i).get(0)
                + "; expected "
                + first.getStruct(i).get(1)
                + ", its length at the first position of this sequence key ("
                + symbol
                + " must not change within a key)");
  }
}
