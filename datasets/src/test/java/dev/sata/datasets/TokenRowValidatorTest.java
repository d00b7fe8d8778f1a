package dev.sata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each rule of the token-row contract, with the exact message for its first offending row. */
class TokenRowValidatorTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final String FILE = "file:/data/part-0.parquet";
  private static final StructType SCHEMA =
      TokenRows.TOKEN_SCHEMA.add(TokenRows.SOURCE_FILE, DataTypes.StringType);
  private static final String AT = "Invalid token row in " + FILE + " at ";
  private static final long LONG_LENGTH = 10_000;

  @Test
  void validRowsReportCounts() {
    ValidationReport report = validate(valid(), ValidationOptions.defaults());

    assertEquals(3 * 2 * 11, report.rows(), "rows");
    assertEquals(3, report.sequences(), "sequences");
    assertEquals(6, report.keys(), "keys");
    assertEquals(3, report.d(), "d");
    assertEquals(2, report.dv(), "dv");
    assertEquals(11, report.minLength(), "min length");
    assertEquals(11, report.maxLength(), "max length");
    assertEquals(0, report.gapCount(), "gaps");
    assertEquals(3 * 2 * 2, report.nullQueryRows(), "rows with null q (pos 4 and 9)");
    assertEquals(true, report.anyQueryNull(), "any q null");
  }

  @Test
  void qLengthDiffersFromK() {
    List<Row> rows = replace(valid(), "s1", 0, 2, row -> with(row, 4, new double[] {1, 2}));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s1, layer=1, head=0), pos=2: column 'q' has length 2; expected 3, the"
            + " length of 'k' in the same row (1 row breaks this rule)");
  }

  @Test
  void lengthsAgainstExpectedDAndDv() {
    assertMessage(
        valid(),
        ValidationOptions.defaults().withExpectedD(4).withExpectedDv(2),
        AT
            + "(seq_id=s0, layer=1, head=0), pos=0: column 'k' has length 3; expected d = 4 (66"
            + " rows break this rule)\n"
            + AT
            + "(seq_id=s0, layer=1, head=0), pos=0: column 'q' has length 3; expected d = 4 (54"
            + " rows break this rule)");
  }

  @Test
  void dChangesWithinKey() {
    List<Row> rows =
        replace(
            valid(),
            "s2",
            1,
            6,
            row -> with(with(row, 4, new double[] {1, 2, 3, 4}), 5, new double[] {1, 2, 3, 4}));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s2, layer=1, head=1), pos=6: column 'k' has length 4; expected 3, its"
            + " length at the first position of this sequence key (d must not change within a"
            + " key) (1 row breaks this rule)");
  }

  @Test
  void dvChangesWithinKey() {
    List<Row> rows = replace(valid(), "s0", 1, 10, row -> with(row, 6, new double[] {1}));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s0, layer=1, head=1), pos=10: column 'v' has length 1; expected 2, its"
            + " length at the first position of this sequence key (dv must not change within a"
            + " key) (1 row breaks this rule)");
  }

  @Test
  void nonFiniteValues() {
    List<Row> rows =
        replace(valid(), "s1", 1, 3, row -> with(row, 5, new double[] {0, Double.NaN, 1}));
    rows =
        replace(
            rows, "s0", 0, 7, row -> with(row, 4, new double[] {0, 1, Double.NEGATIVE_INFINITY}));
    rows =
        replace(rows, "s2", 0, 0, row -> with(row, 6, new double[] {Double.POSITIVE_INFINITY, 0}));
    rows = replace(rows, "s2", 0, 1, row -> with(row, 6, new double[] {Double.NaN, 0}));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s0, layer=1, head=0), pos=7: column 'q' has -Infinity at index 2; expected"
            + " finite numbers (1 row breaks this rule)\n"
            + AT
            + "(seq_id=s1, layer=1, head=1), pos=3: column 'k' has NaN at index 1; expected finite"
            + " numbers (1 row breaks this rule)\n"
            + AT
            + "(seq_id=s2, layer=1, head=0), pos=0: column 'v' has Infinity at index 0; expected"
            + " finite numbers (2 rows break this rule)");
  }

  @Test
  void duplicatePositions() {
    List<Row> rows = replace(valid(), "s1", 1, 5, row -> with(row, 3, 4L));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s1, layer=1, head=1), pos=4: column 'pos' repeats position 4; expected each"
            + " position once per sequence key (1 row breaks this rule)");
  }

  @Test
  void negativePosition() {
    List<Row> rows = replace(valid(), "s0", 0, 0, row -> with(row, 3, -1L));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s0, layer=1, head=0), pos=-1: column 'pos' is -1; expected a position >= 0"
            + " (1 row breaks this rule)");
  }

  @Test
  void nullKeyAndValue() {
    List<Row> rows = replace(valid(), "s2", 1, 8, row -> with(row, 5, null));
    rows = replace(rows, "s1", 0, 9, row -> with(row, 6, null));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s2, layer=1, head=1), pos=8: column 'k' is null; expected an array of d"
            + " numbers (1 row breaks this rule)\n"
            + AT
            + "(seq_id=s1, layer=1, head=0), pos=9: column 'v' is null; expected an array of dv"
            + " numbers (1 row breaks this rule)");
  }

  @Test
  void nullSequenceIdAndPosition() {
    List<Row> rows = replace(valid(), "s0", 1, 3, row -> with(row, 0, null));
    rows = replace(rows, "s2", 0, 5, row -> with(row, 3, null));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=null, layer=1, head=1), pos=3: column 'seq_id' is null; expected a sequence"
            + " id (1 row breaks this rule)\n"
            + AT
            + "(seq_id=s2, layer=1, head=0), pos=null: column 'pos' is null; expected a position"
            + " >= 0 (1 row breaks this rule)");
  }

  @Test
  void emptyInputRejected() {
    Dataset<Row> empty = spark().createDataFrame(new ArrayList<Row>(), SCHEMA);

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () ->
                TokenRowValidator.validate(
                    empty, ValidationOptions.defaults().withInputName("/data/empty")));

    assertEquals(
        "Empty input: /data/empty has no token rows; expected at least one row with seq_id, pos,"
            + " k and v",
        error.getMessage());
  }

  @Test
  void gapIsWarningByDefault() {
    List<Row> rows = remove(remove(valid(), "s1", 0, 3), "s1", 0, 4);
    rows = remove(rows, "s0", 1, 0);

    ValidationReport report = validate(rows, ValidationOptions.defaults());

    assertEquals(3, report.gapCount(), "missing positions");
    assertEquals(2, report.keysWithGaps(), "keys with gaps");
    assertEquals(9, report.minLength(), "shortest key");
  }

  @Test
  void gapIsErrorWhenStrict() {
    List<Row> rows = remove(remove(valid(), "s1", 0, 3), "s1", 0, 4);
    rows = remove(rows, "s0", 1, 0);

    assertMessage(
        rows,
        ValidationOptions.defaults().withStrictPositions(true),
        AT
            + "(seq_id=s0, layer=1, head=1), pos=1: column 'pos' starts at 1, missing 1 position;"
            + " expected consecutive positions from 0 in each sequence key (2 rows break this"
            + " rule)");
  }

  @Test
  void firstOffenderIsSmallestKeyAndPosition() {
    List<Row> rows = replace(valid(), "s2", 0, 1, row -> with(row, 5, null));
    rows = replace(rows, "s1", 1, 9, row -> with(row, 5, null));
    rows = replace(rows, "s1", 1, 2, row -> with(row, 5, null));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s1, layer=1, head=1), pos=2: column 'k' is null; expected an array of d"
            + " numbers (3 rows break this rule)");
  }

  @Test
  void dReferenceIsFirstPosition() {
    List<Row> rows =
        replace(
            valid(),
            "s0",
            0,
            0,
            row -> with(with(row, 4, new double[] {1, 2, 3, 4}), 5, new double[] {1, 2, 3, 4}));

    assertMessage(
        rows,
        ValidationOptions.defaults(),
        AT
            + "(seq_id=s0, layer=1, head=0), pos=1: column 'k' has length 3; expected 4, its"
            + " length at the first position of this sequence key (d must not change within a"
            + " key) (10 rows break this rule)");
  }

  @Test
  void longSequenceAcrossPartitionsFindsFirstOffenders() {
    // Position 2500 is then in part-4 and part-9, and the message names the larger file name.
    List<Row> rows = longSequence();
    rows.add(longRow(2500, 2, "file:/data/part-9.parquet"));
    rows.add(longRow(8100, 2, "file:/data/part-0.parquet"));
    rows = replace(rows, "long", 0, 7000, row -> longRow(7000, 3, fileOf(7000)));
    rows = replace(rows, "long", 0, 7001, row -> longRow(7001, 3, fileOf(7001)));
    Collections.shuffle(rows, new Random(11));
    Dataset<Row> frame = spark().createDataFrame(rows, SCHEMA).repartition(8);
    String at = " at (seq_id=long, layer=0, head=0), pos=";

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () ->
                TokenRowValidator.validate(
                    frame, ValidationOptions.defaults().withStrictPositions(true)));

    assertEquals(8, frame.rdd().getNumPartitions(), "input partitions");
    assertEquals(
        "Invalid token row in file:/data/part-0.parquet"
            + at
            + "7000: column 'k' has length 3; expected 2, its length at the first position of"
            + " this sequence key (d must not change within a key) (2 rows break this rule)\n"
            + "Invalid token row in file:/data/part-9.parquet"
            + at
            + "2500: column 'pos' repeats position 2500; expected each position once per"
            + " sequence key (2 rows break this rule)\n"
            + "Invalid token row in file:/data/part-3.parquet"
            + at
            + "6003: column 'pos' jumps from 5999 to 6003, missing 3 positions; expected"
            + " consecutive positions from 0 in each sequence key (2 rows break this rule)",
        error.getMessage());
  }

  @Test
  void longSequenceAcrossPartitionsCountsGaps() {
    List<Row> rows = longSequence();
    Collections.shuffle(rows, new Random(13));
    Dataset<Row> frame = spark().createDataFrame(rows, SCHEMA).repartition(8);

    ValidationReport report = TokenRowValidator.validate(frame, ValidationOptions.defaults());

    assertEquals(LONG_LENGTH - 4, report.rows(), "rows");
    assertEquals(1, report.keys(), "keys");
    assertEquals(LONG_LENGTH - 4, report.maxLength(), "rows of the key");
    assertEquals(4, report.gapCount(), "missing positions 6000..6002 and 9000");
    assertEquals(1, report.keysWithGaps(), "keys with gaps");
    assertEquals(2, report.d(), "d");
    assertEquals(1, report.dv(), "dv");
  }

  private void assertMessage(List<Row> rows, ValidationOptions options, String expected) {
    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> validate(rows, options));
    assertEquals(expected, error.getMessage());
  }

  private ValidationReport validate(List<Row> rows, ValidationOptions options) {
    Dataset<Row> frame = spark().createDataFrame(rows, SCHEMA).repartition(4);
    return TokenRowValidator.validate(frame, options);
  }

  /** Three sequences of 11 positions, 2 heads, d = 3, dv = 2, in the normalised layout. */
  private static List<Row> valid() {
    List<Row> rows = new ArrayList<>();
    for (Row stored : TokenFixtures.doubleRows(3, 11)) {
      Object[] values = new Object[8];
      for (int i = 0; i < 7; i++) {
        values[i] = stored.get(i);
      }
      values[7] = FILE;
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  /**
   * Returns one key {@code (long, 0, 0)} with positions {@code 0 .. LONG_LENGTH - 1} but 6000..6002
   * and 9000, d = 2, dv = 1, in files by {@code pos % 8}.
   */
  private static List<Row> longSequence() {
    List<Row> rows = new ArrayList<>();
    for (long pos = 0; pos < LONG_LENGTH; pos++) {
      if ((pos < 6000 || pos > 6002) && pos != 9000) {
        rows.add(longRow(pos, 2, fileOf(pos)));
      }
    }
    return rows;
  }

  private static Row longRow(long pos, int d, String file) {
    double[] q = TokenFixtures.values(pos, d);
    double[] k = TokenFixtures.values(-pos, d);
    return RowFactory.create("long", 0, 0, pos, q, k, new double[] {pos / 2.0}, file);
  }

  private static String fileOf(long pos) {
    return "file:/data/part-" + (pos % 8) + ".parquet";
  }

  private static List<Row> replace(
      List<Row> rows, String seqId, int head, long pos, UnaryOperator<Row> change) {
    List<Row> out = new ArrayList<>();
    for (Row row : rows) {
      boolean match =
          seqId.equals(row.get(0)) && row.getInt(2) == head && Long.valueOf(pos).equals(row.get(3));
      out.add(match ? change.apply(row) : row);
    }
    return out;
  }

  private static List<Row> remove(List<Row> rows, String seqId, int head, long pos) {
    List<Row> out = new ArrayList<>(rows);
    out.removeIf(row -> seqId.equals(row.get(0)) && row.getInt(2) == head && row.getLong(3) == pos);
    return out;
  }

  private static Row with(Row row, int index, Object value) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    values[index] = value;
    return RowFactory.create(values);
  }
}
