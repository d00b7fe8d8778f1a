package dev.sata.datasets;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Casts of raw columns to the normalised types, with errors that name the column and path. */
final class Columns {

  private Columns() {}

  /** Returns the column quoted so that dots and spaces in its name are taken literally. */
  static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  /** Returns a string column; integers are converted to their decimal text. */
  static Column string(Dataset<Row> raw, String name, String path) {
    DataType type = type(raw, name);
    if (type != DataTypes.StringType && !isInteger(type)) {
      throw wrongType(name, path, type, "string");
    }
    return quoted(name).cast(DataTypes.StringType).as(name);
  }

  /** Returns an int column, or 0 when the column is absent. */
  static Column integer(Dataset<Row> raw, String name, String path) {
    DataType type = type(raw, name);
    if (type == null) {
      return lit(0).as(name);
    }
    if (!isInteger(type)) {
      throw wrongType(name, path, type, "an integer type (int or long)");
    }
    return quoted(name).cast(DataTypes.IntegerType).as(name);
  }

  /** Returns a required long column cast from any integer type. */
  static Column longInteger(Dataset<Row> raw, String name, String path) {
    DataType type = type(raw, name);
    if (!isInteger(type)) {
      throw wrongType(name, path, type, "an integer type (int or long)");
    }
    return quoted(name).cast(DataTypes.LongType).as(name);
  }

  /**
   * Returns a required array of numbers, cast to {@code array<double>}. In JSON, arrays of strings
   * are accepted too: Spark writes NaN and infinities as the strings "NaN", "Infinity" and
   * "-Infinity", and the cast turns them back into numbers (any other string becomes a null
   * element, which validation reports).
   */
  static Column array(Dataset<Row> raw, String name, String path, CorpusFormat format) {
    DataType type = type(raw, name);
    boolean numbers = type instanceof ArrayType array && array.elementType() instanceof NumericType;
    boolean jsonStrings =
        format == CorpusFormat.JSON
            && type instanceof ArrayType array
            && array.elementType() == DataTypes.StringType;
    if (!numbers && !jsonStrings) {
      throw wrongType(name, path, type, "an array of float or double");
    }
    return quoted(name).cast(TokenRows.doubleArray()).as(name);
  }

  /**
   * Returns an optional array: null when the column is absent, or (JSON) when every value is null,
   * which Spark's JSON reader types as string or null.
   */
  static Column optionalArray(Dataset<Row> raw, String name, String path, CorpusFormat format) {
    DataType type = type(raw, name);
    if (type == null || type instanceof NullType) {
      return CorpusReader.nullArray().as(name);
    }
    if (format == CorpusFormat.JSON && type == DataTypes.StringType) {
      requireAllNull(raw, name, path);
      return CorpusReader.nullArray().as(name);
    }
    return array(raw, name, path, format);
  }

  /** Returns {@code schema} without the field {@code name}, if present. */
  static StructType without(StructType schema, String name) {
    return new StructType(
        Arrays.stream(schema.fields())
            .filter(field -> !field.name().equals(name))
            .toArray(StructField[]::new));
  }

  private static void requireAllNull(Dataset<Row> raw, String name, String path) {
    Row found =
        raw
            .filter(quoted(name).isNotNull())
            .select(quoted(TokenRows.SOURCE_FILE), quoted(name))
            .orderBy(quoted(TokenRows.SOURCE_FILE))
            .limit(1)
            .collectAsList()
            .stream()
            .findFirst()
            .orElse(null);
    if (found != null) {
      throw new InvalidInputException(
          "Column '"
              + name
              + "' in "
              + found.getString(0)
              + " has the string value '"
              + found.getString(1)
              + "'; expected an array of numbers or null");
    }
  }

  private static DataType type(Dataset<Row> raw, String name) {
    for (StructField field : raw.schema().fields()) {
      if (field.name().equals(name)) {
        return field.dataType();
      }
    }
    return null;
  }

  private static boolean isInteger(DataType type) {
    return type == DataTypes.IntegerType
        || type == DataTypes.LongType
        || type == DataTypes.ShortType
        || type == DataTypes.ByteType;
  }

  private static InvalidInputException wrongType(
      String name, String path, DataType type, String expected) {
    return new InvalidInputException(
        "Column '"
            + name
            + "' in "
            + path
            + " has type "
            + (type == null ? "(missing)" : type.simpleString())
            + "; expected "
            + expected);
  }
}
