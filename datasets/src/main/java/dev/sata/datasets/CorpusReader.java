package dev.sata.datasets;

import static dev.sata.datasets.Columns.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.sata.datasets.io.ArrowFiles;
import dev.sata.datasets.io.FileChecks;
import dev.sata.datasets.io.HadoopConf;
import dev.sata.datasets.io.InputFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads token files and query files into normalised rows.
 *
 * <p>Parquet and JSON Lines go through Spark's readers; Arrow IPC files are read with Arrow Java
 * inside Spark tasks, one task per file. Before any data is read, the input files are listed on the
 * driver and (Parquet and Arrow) their footers are checked in Spark tasks, so that a missing path,
 * an empty directory, a truncated or unreadable file, a missing required column or a malformed JSON
 * line fails at once with an {@link InvalidInputException} that names the file.
 *
 * <p>Normalisation: {@code seq_id} becomes a string (integers are converted), {@code layer} and
 * {@code head} ints (0 when the column is absent), {@code pos} and {@code query_id} longs (any
 * integer type), {@code q}, {@code k}, {@code v} arrays of double (from arrays of any numeric type;
 * an absent {@code q} column in a token file means every token is key-only). A {@code source_file}
 * column names each row's file. Other columns are kept after these, unchanged.
 */
public final class CorpusReader {

  /** Columns a token file must have. */
  public static final List<String> REQUIRED_TOKEN_COLUMNS =
      List.of(TokenRows.SEQ_ID, TokenRows.POS, TokenRows.K, TokenRows.V);

  /** Columns a query file must have. */
  public static final List<String> REQUIRED_QUERY_COLUMNS =
      List.of(TokenRows.SEQ_ID, TokenRows.QUERY_ID, TokenRows.Q);

  private static final String CORRUPT = "_corrupt_record";
  private static final int SHOWN_LINE_CHARS = 80;

  private CorpusReader() {}

  /**
   * Reads token rows: {@link TokenRows#TOKEN_SCHEMA}, then {@code source_file}, then extra columns.
   *
   * @param path a file or a directory (searched recursively), any Hadoop file system
   * @throws InvalidInputException for a missing path, empty input, an unreadable or truncated file,
   *     a missing column, a malformed JSON line or a column of the wrong type
   */
  public static Dataset<Row> readTokens(SparkSession spark, String path, CorpusFormat format) {
    Dataset<Row> raw = readRaw(spark, path, format, REQUIRED_TOKEN_COLUMNS);
    List<Column> columns = new ArrayList<>();
    columns.add(Columns.string(raw, TokenRows.SEQ_ID, path));
    columns.add(Columns.integer(raw, TokenRows.LAYER, path));
    columns.add(Columns.integer(raw, TokenRows.HEAD, path));
    columns.add(Columns.longInteger(raw, TokenRows.POS, path));
    columns.add(Columns.optionalArray(raw, TokenRows.Q, path, format));
    columns.add(Columns.array(raw, TokenRows.K, path, format));
    columns.add(Columns.array(raw, TokenRows.V, path, format));
    return select(raw, columns, TokenRows.TOKEN_SCHEMA);
  }

  /**
   * Reads query rows: {@link TokenRows#QUERY_SCHEMA}, then {@code source_file}, then extra columns.
   * Same rules and errors as {@link #readTokens}; {@code seq_id}, {@code query_id} and {@code q}
   * are required.
   */
  public static Dataset<Row> readQueries(SparkSession spark, String path, CorpusFormat format) {
    Dataset<Row> raw = readRaw(spark, path, format, REQUIRED_QUERY_COLUMNS);
    List<Column> columns = new ArrayList<>();
    columns.add(Columns.string(raw, TokenRows.SEQ_ID, path));
    columns.add(Columns.integer(raw, TokenRows.LAYER, path));
    columns.add(Columns.integer(raw, TokenRows.HEAD, path));
    columns.add(Columns.longInteger(raw, TokenRows.QUERY_ID, path));
    columns.add(Columns.array(raw, TokenRows.Q, path, format));
    return select(raw, columns, TokenRows.QUERY_SCHEMA);
  }

  /** Reads the files as they are, plus {@code source_file}; checks files and required columns. */
  private static Dataset<Row> readRaw(
      SparkSession spark, String path, CorpusFormat format, List<String> required) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("Invalid input path: '" + path + "'; expected a path");
    }
    if (format == null) {
      throw new IllegalArgumentException("Missing input format; expected parquet, json or arrow");
    }
    List<String> files = InputFiles.list(spark.sparkContext().hadoopConfiguration(), path, format);

    Dataset<Row> raw;
    switch (format) {
      case PARQUET:
        FileChecks.check(spark, files, format, required, null);
        raw = readWithSpark(() -> spark.read().parquet(path), path, format);
        break;
      case JSON:
        raw = readWithSpark(() -> spark.read().json(path), path, format);
        checkJsonLines(spark, raw, path, files);
        break;
      default:
        return requireColumns(readArrow(spark, files, required), path, required);
    }
    return requireColumns(raw.withColumn(TokenRows.SOURCE_FILE, fileName()), path, required);
  }

  private static Dataset<Row> readArrow(
      SparkSession spark, List<String> files, List<String> required) {
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    StructType first;
    try {
      first = ArrowFiles.schema(files.get(0), conf.get());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.getMessage() + FileChecks.formatHint(List.of(files.get(0)), CorpusFormat.ARROW), e);
    }
    FileChecks.check(spark, files, CorpusFormat.ARROW, required, first);

    // The reader appends the file name; a stored source_file column is replaced by it.
    StructType columns = Columns.without(first, TokenRows.SOURCE_FILE);
    JavaRDD<Row> rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, files.size())
            .flatMap(file -> ArrowFiles.readRows(file, conf.get(), columns));
    return spark.createDataFrame(
        rows, columns.add(TokenRows.SOURCE_FILE, DataTypes.StringType, false));
  }

  private static Dataset<Row> readWithSpark(
      java.util.function.Supplier<Dataset<Row>> read, String path, CorpusFormat format) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "Cannot read " + format.optionValue() + " input " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails on the first malformed JSON line: in the first file in name order that has one, the first
   * such line, named by file, line number and text.
   */
  private static void checkJsonLines(
      SparkSession spark, Dataset<Row> raw, String path, List<String> files) {
    List<String> names = Arrays.asList(raw.columns());
    if (!names.contains(CORRUPT)) {
      return;
    }
    String file;
    String count;
    if (names.size() == 1) {
      file = files.get(0);
      count = "no line of " + path + " is a JSON object";
    } else {
      // Spark refuses a query on the corrupt column alone, so the first real column rides along.
      String other = names.get(0).equals(CORRUPT) ? names.get(1) : names.get(0);
      Column bad = col(CORRUPT).isNotNull();
      Row found =
          raw.select(fileName().as("file"), col(CORRUPT), quoted(other).as("other"))
              .agg(
                  sum(when(bad, 1).otherwise(0)), min(when(bad, struct(col("file"), col("other")))))
              .first();
      if (found.isNullAt(1)) {
        return;
      }
      file = found.getStruct(1).getString(0);
      long lines = found.getLong(0);
      count = lines + (lines == 1 ? " malformed line in " : " malformed lines in ") + path;
    }
    String hint = FileChecks.formatHint(files, CorpusFormat.JSON);
    throw FileChecks.firstMalformedJsonLine(spark, file)
        .map(
            line ->
                new InvalidInputException(
                    "Malformed JSON at line "
                        + line.number()
                        + " of "
                        + file
                        + ": '"
                        + shorten(line.text())
                        + "'; expected one complete JSON object per line ("
                        + count
                        + ")"
                        + hint))
        .orElseGet(
            () ->
                new InvalidInputException(
                    "Malformed JSON in "
                        + file
                        + "; expected one complete JSON object per line ("
                        + count
                        + ")"
                        + hint));
  }

  /**
   * Returns a line cut to {@value #SHOWN_LINE_CHARS} characters, stripped of outer blanks, with
   * control characters and undecodable bytes (as in a binary file read as text) shown as '?'.
   */
  private static String shorten(String line) {
    String stripped = line.strip().replaceAll("[\\p{Cntrl}\\uFFFD]", "?");
    return stripped.length() > SHOWN_LINE_CHARS
        ? stripped.substring(0, SHOWN_LINE_CHARS) + "..."
        : stripped;
  }

  private static Dataset<Row> requireColumns(Dataset<Row> raw, String path, List<String> required) {
    List<String> names = Arrays.asList(raw.columns());
    for (String column : required) {
      if (!names.contains(column)) {
        List<String> found = new ArrayList<>(names);
        found.remove(TokenRows.SOURCE_FILE);
        found.remove(CORRUPT);
        throw new InvalidInputException(FileChecks.missingColumn(column, path, found, required));
      }
    }
    return raw;
  }

  /** Selects the normalised columns, then source_file, then every other column unchanged. */
  private static Dataset<Row> select(Dataset<Row> raw, List<Column> normalised, StructType schema) {
    List<Column> columns = new ArrayList<>(normalised);
    columns.add(col(TokenRows.SOURCE_FILE));
    List<String> known = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    known.add(TokenRows.SOURCE_FILE);
    known.add(CORRUPT);
    for (String name : raw.columns()) {
      if (!known.contains(name)) {
        columns.add(quoted(name));
      }
    }
    return raw.select(columns.toArray(new Column[0]));
  }

  /**
   * Returns the row's file as a Hadoop path, since Spark gives {@code file:///x} for text formats.
   */
  private static Column fileName() {
    return regexp_replace(input_file_name(), "^file:///", "file:/");
  }

  static Column nullArray() {
    return lit(null).cast(TokenRows.doubleArray());
  }
}
