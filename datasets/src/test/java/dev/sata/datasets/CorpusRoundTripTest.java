package dev.sata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Token rows written in each format and read back keep every value, type and extra column. */
class CorpusRoundTripTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final int SEQUENCES = 3;
  private static final int LENGTH = 11;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CorpusFormat.class)
  void doubleArraysRoundTrip(CorpusFormat format) {
    roundTrip(format, TokenFixtures.doubleRows(SEQUENCES, LENGTH), TokenFixtures.DOUBLE_SCHEMA);
  }

  @ParameterizedTest
  @EnumSource(CorpusFormat.class)
  void floatArraysRoundTrip(CorpusFormat format) {
    roundTrip(format, TokenFixtures.floatRows(SEQUENCES, LENGTH), TokenFixtures.FLOAT_SCHEMA);
  }

  private void roundTrip(CorpusFormat format, List<Row> rows, StructType schema) {
    String path = dir.resolve("corpus-" + format.optionValue()).toString();
    Dataset<Row> stored = TokenFixtures.frame(spark(), rows, schema, 3);

    CorpusWriter.writeTokens(stored, path, format);
    Dataset<Row> read = CorpusReader.readTokens(spark(), path, format);

    // Normalised columns first, then source_file, then the extra columns.
    List<String> columns = Arrays.asList(read.columns());
    assertEquals(
        List.of("seq_id", "layer", "head", "pos", "q", "k", "v", "source_file", "doc_id", "token"),
        columns,
        "columns read from " + format);
    assertEquals(
        TokenRows.TOKEN_SCHEMA.fields()[4].dataType(),
        read.schema().fields()[4].dataType(),
        "q type");

    List<Row> back = read.orderBy("seq_id", "head", "pos").collectAsList();
    assertEquals(rows.size(), back.size(), "row count from " + format);
    List<Row> expected = TokenFixtures.doubleRows(SEQUENCES, LENGTH);
    for (int i = 0; i < expected.size(); i++) {
      compare(expected.get(i), back.get(i), format + " row " + i);
    }
  }

  private static void compare(Row expected, Row actual, String where) {
    assertEquals(expected.getString(0), actual.getString(0), where + " seq_id");
    assertEquals(expected.getInt(1), actual.getInt(1), where + " layer");
    assertEquals(expected.getInt(2), actual.getInt(2), where + " head");
    assertEquals(expected.getLong(3), actual.getLong(3), where + " pos");
    if (expected.isNullAt(4)) {
      assertNull(actual.get(4), where + " q must stay null");
    } else {
      assertArrayEquals(
          (double[]) expected.get(4), TokenFixtures.doubles(actual, "q"), where + " q");
    }
    assertArrayEquals((double[]) expected.get(5), TokenFixtures.doubles(actual, "k"), where + " k");
    assertArrayEquals((double[]) expected.get(6), TokenFixtures.doubles(actual, "v"), where + " v");
    assertEquals(
        expected.getLong(7), ((Number) actual.getAs("doc_id")).longValue(), where + " doc_id");
    assertEquals(expected.getString(8), actual.getAs("token"), where + " token");
    String file = actual.getAs("source_file");
    Assertions.assertTrue(file != null && file.contains("corpus-"), where + " source_file " + file);
  }
}
