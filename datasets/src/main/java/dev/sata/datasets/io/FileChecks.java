package dev.sata.datasets.io;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Checks every input file in Spark tasks before the data is read. A Parquet file must have a
 * readable footer. An Arrow file must have a readable footer and the same columns as the first
 * file. Every file must have the required columns. Problems are collected (file names and messages
 * only) and the first in file-name order is thrown.
 */
public final class FileChecks {

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
              + formatHint(file)
              + "; expected a complete Parquet file",
          e);
    }
  }

  /** Suggests --format for a JSON Lines or Arrow file read as Parquet, judged by its name. */
  private static String formatHint(String file) {
    String name = file.toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".arrow")) {
      return " (the file name suggests another format: pass --format json or --format arrow)";
    }
    return "";
  }
}
