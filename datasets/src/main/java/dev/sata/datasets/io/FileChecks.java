package dev.sata.datasets.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Checks every input file in Spark tasks before the data is read. A Parquet file must have a
 * readable footer. An Arrow file must have a readable footer and the same columns as the first
 * file. Every file must have the required columns. Problems are collected (file names and messages
 * only) and the first in file-name order is thrown. Messages suggest {@code --format} when the file
 * names end like another format's files; {@link #firstMalformedJsonLine} names the first malformed
 * line of a JSON Lines file.
 */
public final class FileChecks {

  /** Spark's default name of the column that receives a record its JSON reader cannot parse. */
  private static final String CORRUPT_RECORD = "_corrupt_record";

  private FileChecks() {}

  /**
   * Checks Parquet or Arrow files; does nothing for JSON, whose problems show when it is parsed.
   *
   * @param files fully qualified data files, sorted
   * @param required columns every file must have
   * @param arrowColumns for Arrow, the Spark schema of the first file, which every file must match
   * @throws InvalidInputException naming the first bad file, and how many files are bad
   */
  public static void check(
      SparkSession spark,
      List<String> files,
      CorpusFormat format,
      List<String> required,
      StructType arrowColumns) {
    if (format == CorpusFormat.JSON) {
      return;
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    int slices = Math.max(1, Math.min(files.size(), context.defaultParallelism()));

    // Each task opens its files' footers; only the problems travel back.
    List<String> problems =
        context
            .parallelize(files, slices)
            .map(file -> problem(file, format, required, arrowColumns, conf.get()))
            .filter(problem -> !problem.isEmpty())
            .collect();
    if (!problems.isEmpty()) {
      List<String> sorted = new ArrayList<>(problems);
      sorted.sort(null);
      String more = sorted.size() > 1 ? " (" + sorted.size() + " files have problems)" : "";
      throw new InvalidInputException(sorted.get(0) + more);
    }
  }

  /** Returns the message for a missing required column of {@code file}. */
  public static String missingColumn(
      String column, String file, List<String> found, List<String> required) {
    return "Missing column '"
        + column
        + "' in "
        + file
        + ": found columns "
        + found
        + "; expected at least "
        + required;
  }

  private static String problem(
      String file,
      CorpusFormat format,
      List<String> required,
      StructType arrowColumns,
      Configuration conf) {
    List<String> columns;
    try {
      if (format == CorpusFormat.PARQUET) {
        columns = parquetColumns(file, conf);
      } else {
        StructType schema = ArrowFiles.schema(file, conf);
        if (!schema.equals(arrowColumns)) {
          return "Arrow file "
              + file
              + " has columns "
              + schema.simpleString()
              + "; expected the columns of the first file, "
              + arrowColumns.simpleString();
        }
        columns = List.of(schema.fieldNames());
      }
    } catch (InvalidInputException e) {
      return e.getMessage();
    }
    for (String column : required) {
      if (!columns.contains(column)) {
        return missingColumn(column, file, columns, required);
      }
    }
    return "";
  }

  private static List<String> parquetColumns(String file, Configuration conf) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
      List<String> columns = new ArrayList<>();
      for (Type field : reader.getFooter().getFileMetaData().getSchema().getFields()) {
        columns.add(field.getName());
      }
      return columns;
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "Cannot read Parquet file "
              + file
              + ": "
              + e.getMessage()
              + "; expected a complete Parquet file"
              + formatHint(List.of(file), CorpusFormat.PARQUET),
          e);
    }
  }

  /**
   * Suggests {@code --format} for input read in {@code format} whose file names end like another
   * format's files: {@code .parquet}, {@code .json}, {@code .jsonl} or {@code .ndjson}, {@code
   * .arrow}, each also followed by a compression suffix such as {@code .gz}.
   *
   * @param files the input's file names or paths
   * @return e.g. "; the file names suggest json (such as part-0.json): pass --format json", or ""
   *     when no name suggests a format other than {@code format}
   */
  public static String formatHint(List<String> files, CorpusFormat format) {
    Map<CorpusFormat, String> examples = new EnumMap<>(CorpusFormat.class);
    for (String file : files.stream().sorted().toList()) {
      CorpusFormat named = formatOfName(file);
      if (named != null && named != format) {
        examples.putIfAbsent(named, new Path(file).getName());
      }
    }
    if (examples.isEmpty()) {
      return "";
    }
    List<String> suggested = new ArrayList<>();
    List<String> options = new ArrayList<>();
    examples.forEach(
        (named, example) -> {
          suggested.add(named.optionValue() + " (such as " + example + ")");
          options.add("--format " + named.optionValue());
        });
    return "; the file names suggest "
        + String.join(" and ", suggested)
        + ": pass "
        + String.join(" or ", options);
  }

  /** Returns the format that a file name ends like, or null. */
  private static CorpusFormat formatOfName(String file) {
    String name = new Path(file).getName().toLowerCase(Locale.ROOT);
    name = name.replaceFirst("\\.(gz|bz2|deflate|lz4|snappy|zst|zstd)$", "");
    if (name.endsWith(".parquet")) {
      return CorpusFormat.PARQUET;
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return CorpusFormat.JSON;
    }
    if (name.endsWith(".arrow")) {
      return CorpusFormat.ARROW;
    }
    return null;
  }

  /**
   * A line of a JSON Lines file that Spark's JSON reader cannot parse as a JSON object.
   *
   * @param number the line number, from 1, blank lines counted
   * @param text the line
   */
  public record MalformedLine(long number, String text) {}

  /**
   * Finds the first malformed line of one JSON Lines file, by the rules of Spark's JSON reader:
   * numbers the lines of the file ({@code zipWithIndex} over its text splits, which Spark reads in
   * file order), skips blank lines as the reader does, and parses the others with {@code from_json}
   * in PERMISSIVE mode. Reads the file twice, so call it only once the file is known to have a
   * malformed line.
   *
   * @param file a fully qualified file
   * @return the first malformed line, or empty when every line parses
   */
  public static Optional<MalformedLine> firstMalformedJsonLine(SparkSession spark, String file) {
    JavaRDD<Row> numbered =
        spark
            .read()
            .text(file)
            .javaRDD()
            .zipWithIndex()
            .map(line -> RowFactory.create(line._2() + 1, line._1().getString(0)));
    StructType lineSchema =
        new StructType()
            .add("number", DataTypes.LongType, false)
            .add("text", DataTypes.StringType, true);
    Dataset<Row> lines = spark.createDataFrame(numbered, lineSchema);

    // a schema of the corrupt-record column only: a JSON object parses, anything else lands there
    StructType corruptOnly = new StructType().add(CORRUPT_RECORD, DataTypes.StringType, true);
    Column parsed =
        from_json(
            col("text"),
            corruptOnly,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT_RECORD));
    Column malformed = parsed.isNull().or(parsed.getField(CORRUPT_RECORD).isNotNull());
    Row first =
        lines
            .filter(trim(col("text")).notEqual("").and(malformed))
            .agg(min(struct(col("number"), col("text"))))
            .first();
    if (first.isNullAt(0)) {
      return Optional.empty();
    }
    Row line = first.getStruct(0);
    return Optional.of(new MalformedLine(line.getLong(0), line.getString(1)));
  }
}
