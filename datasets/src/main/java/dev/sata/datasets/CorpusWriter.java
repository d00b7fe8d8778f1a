package dev.sata.datasets;

import dev.sata.datasets.io.ArrowFiles;
import dev.sata.datasets.io.HadoopConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Writes token rows (or query rows, or any rows of the supported column types) into a new
 * directory, one file per Spark partition.
 *
 * <p>How arrays are typed: the writer keeps the Spark type of each column. {@code array<float>}
 * stays float32 and {@code array<double>} float64 in every format: in Parquet as a standard LIST of
 * FLOAT or DOUBLE; in JSON Lines as JSON arrays of numbers (non-finite values as {@code NaN} and
 * {@code Infinity}, which Spark reads back); in Arrow IPC files as {@code list<item: float>} or
 * {@code list<item: double>}, the variable-length list (d may differ between sequence keys). Arrow
 * files are named {@code part-NNNNN.arrow} by partition number and written inside the tasks with
 * Arrow Java in record batches; a partition with no rows writes no file, except partition 0, which
 * always writes one so the schema survives. The {@code source_file} column that the reader adds is
 * not written.
 */
public final class CorpusWriter {

  private CorpusWriter() {}

  /**
   * Writes {@code rows} to the directory {@code path}, which must not exist yet.
   *
   * @throws IllegalArgumentException when {@code path} exists
   */
  public static void writeTokens(Dataset<Row> rows, String path, CorpusFormat format) {
    if (format == null) {
      throw new IllegalArgumentException("Missing output format; expected parquet, json or arrow");
    }
    Dataset<Row> data =
        Arrays.asList(rows.columns()).contains(TokenRows.SOURCE_FILE)
            ? rows.drop(TokenRows.SOURCE_FILE)
            : rows;
    requireNew(data, path);

    switch (format) {
      case PARQUET:
        data.write().parquet(path);
        break;
      case JSON:
        data.write().json(path);
        break;
      default:
        writeArrow(data, path);
    }
  }

  private static void writeArrow(Dataset<Row> rows, String path) {
    HadoopConf conf = new HadoopConf(rows.sparkSession().sparkContext().hadoopConfiguration());
    StructType schema = rows.schema();
    mkdirs(path, conf);

    // Each task writes its own partition's file; a retried task replaces it.
    rows.toJavaRDD()
        .foreachPartition(
            partition -> {
              int number = TaskContext.getPartitionId();
              if (partition.hasNext() || number == 0) {
                String file = new Path(path, String.format("part-%05d.arrow", number)).toString();
                ArrowFiles.writeRows(partition, schema, file, conf.get());
              }
            });
  }

  private static void requireNew(Dataset<Row> rows, String path) {
    try {
      Path dir = new Path(path);
      FileSystem fs = dir.getFileSystem(rows.sparkSession().sparkContext().hadoopConfiguration());
      if (fs.exists(dir)) {
        throw new IllegalArgumentException(
            "Output path " + path + " already exists; expected a new directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output path " + path, e);
    }
  }

  private static void mkdirs(String path, HadoopConf conf) {
    try {
      Path dir = new Path(path);
      dir.getFileSystem(conf.get()).mkdirs(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create output directory " + path, e);
    }
  }
}
