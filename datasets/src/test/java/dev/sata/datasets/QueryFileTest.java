package dev.sata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Query files: the required columns, the defaults for layer and head, and float queries. */
class QueryFileTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final StructType STORED =
      new StructType()
          .add(TokenRows.SEQ_ID, DataTypes.StringType)
          .add(TokenRows.QUERY_ID, DataTypes.IntegerType)
          .add(TokenRows.Q, TokenRows.floatArray());

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(CorpusFormat.class)
  void queriesReadWithDefaults(CorpusFormat format) {
    String path = dir.resolve("queries-" + format.optionValue()).toString();
    CorpusWriter.writeTokens(stored(), path, format);

    Dataset<Row> read = CorpusReader.readQueries(spark(), path, format);
    List<Row> rows = read.orderBy("seq_id", "query_id").collectAsList();

    assertEquals(
        List.of("seq_id", "layer", "head", "query_id", "q", "source_file"),
        Arrays.asList(read.columns()),
        "columns of a query file read as " + format);
    assertEquals(5, rows.size(), "query rows");
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      assertEquals("ctx", row.getString(0), "seq_id of query " + i);
      assertEquals(0, row.getInt(1), "default layer of query " + i);
      assertEquals(0, row.getInt(2), "default head of query " + i);
      assertEquals(i, row.getLong(3), "query_id of query " + i);
      assertArrayEquals(new double[] {i, 0.25, -i}, TokenFixtures.doubles(row, "q"), "q " + i);
    }
  }

  @Test
  void queryFileWithoutQRejected() {
    String path = dir.resolve("no-q").toString();
    CorpusWriter.writeTokens(stored().drop("q"), path, CorpusFormat.JSON);

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class,
            () -> CorpusReader.readQueries(spark(), path, CorpusFormat.JSON));

    assertEquals(
        "Missing column 'q' in "
            + path
            + ": found columns [query_id, seq_id]; expected at least [seq_id, query_id, q]",
        error.getMessage());
  }

  private Dataset<Row> stored() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(RowFactory.create("ctx", i, new float[] {i, 0.25f, -i}));
    }
    return spark().createDataFrame(rows, STORED).coalesce(1);
  }
}
