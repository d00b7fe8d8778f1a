package dev.sata.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small token-row data sets for tests, in the stored (not normalised) layout. */
final class TokenFixtures {

  /** Stored columns with double arrays and two extra columns. */
  static final StructType DOUBLE_SCHEMA =
      new StructType()
          .add(TokenRows.SEQ_ID, DataTypes.StringType)
          .add(TokenRows.LAYER, DataTypes.IntegerType)
          .add(TokenRows.HEAD, DataTypes.IntegerType)
          .add(TokenRows.POS, DataTypes.LongType)
          .add(TokenRows.Q, TokenRows.doubleArray())
          .add(TokenRows.K, TokenRows.doubleArray())
          .add(TokenRows.V, TokenRows.doubleArray())
          .add(TokenRows.DOC_ID, DataTypes.LongType)
          .add(TokenRows.TOKEN, DataTypes.StringType);

  /** The same with float arrays. */
  static final StructType FLOAT_SCHEMA =
      new StructType()
          .add(TokenRows.SEQ_ID, DataTypes.StringType)
          .add(TokenRows.LAYER, DataTypes.IntegerType)
          .add(TokenRows.HEAD, DataTypes.IntegerType)
          .add(TokenRows.POS, DataTypes.LongType)
          .add(TokenRows.Q, TokenRows.floatArray())
          .add(TokenRows.K, TokenRows.floatArray())
          .add(TokenRows.V, TokenRows.floatArray())
          .add(TokenRows.DOC_ID, DataTypes.LongType)
          .add(TokenRows.TOKEN, DataTypes.StringType);

  private TokenFixtures() {}

  /**
   * Returns {@code sequences} sequences of {@code length} positions, 2 heads each, d = 3, dv = 2,
   * values {@code seq + pos / 8 + j / 64} (exact in float), q null at every 5th position.
   */
  static List<Row> doubleRows(int sequences, int length) {
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < sequences; s++) {
      for (int head = 0; head < 2; head++) {
        for (int pos = 0; pos < length; pos++) {
          double base = s + pos / 8.0 + head;
          Object q = pos % 5 == 4 ? null : values(base, 3);
          rows.add(
              RowFactory.create(
                  "s" + s,
                  1,
                  head,
                  (long) pos,
                  q,
                  values(-base, 3),
                  values(base / 2, 2),
                  100L + s,
                  "t" + pos));
        }
      }
    }
    return rows;
  }

  /** Converts the arrays of {@link #doubleRows} to float arrays. */
  static List<Row> floatRows(int sequences, int length) {
    List<Row> rows = new ArrayList<>();
    for (Row row : doubleRows(sequences, length)) {
      Object[] values = new Object[row.length()];
      for (int i = 0; i < row.length(); i++) {
        values[i] = row.get(i) instanceof double[] array ? toFloat(array) : row.get(i);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema, int partitions) {
    return spark.createDataFrame(rows, schema).repartition(partitions);
  }

  static double[] values(double base, int length) {
    double[] out = new double[length];
    for (int j = 0; j < length; j++) {
      out[j] = base + j / 64.0;
    }
    return out;
  }

  static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int j = 0; j < values.length; j++) {
      out[j] = (float) values[j];
    }
    return out;
  }

  /** Returns the double values of an array cell of a normalised row. */
  static double[] doubles(Row row, String column) {
    List<Double> list = row.getList(row.fieldIndex(column));
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static String describe(double[] values) {
    return Arrays.toString(values);
  }
}
