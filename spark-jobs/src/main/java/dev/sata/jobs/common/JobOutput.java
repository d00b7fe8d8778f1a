package dev.sata.jobs.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output directory of a job, written all or nothing.
 *
 * <p>Everything is written below a temporary sibling directory {@code .NAME.tmp-UUID} on the same
 * file system, which {@link #commit()} renames to the final name. Closing without a commit deletes
 * the temporary directory, so a failed job leaves no partial output. Works for every Hadoop file
 * system (local, HDFS, object stores through their connectors; on object stores the rename is a
 * copy and not atomic).
 */
public final class JobOutput implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobOutput.class);

  private final FileSystem fileSystem;
  private final Path finalDir;
  private final Path tempDir;
  private final boolean overwrite;
  private boolean committed;

  private JobOutput(FileSystem fileSystem, Path finalDir, Path tempDir, boolean overwrite) {
    this.fileSystem = fileSystem;
    this.finalDir = finalDir;
    this.tempDir = tempDir;
    this.overwrite = overwrite;
  }

  /**
   * Opens an output directory. Fails before any work starts when {@code dir} exists and {@code
   * overwrite} is false.
   *
   * @param hadoopConf the job's Hadoop configuration ({@code
   *     spark.sparkContext().hadoopConfiguration()})
   * @param dir the final output directory
   * @param overwrite whether an existing {@code dir} is replaced on commit
   */
  public static JobOutput open(Configuration hadoopConf, String dir, boolean overwrite) {
    try {
      Path finalDir = new Path(dir);
      FileSystem fileSystem = finalDir.getFileSystem(hadoopConf);
      finalDir = fileSystem.makeQualified(finalDir);
      if (fileSystem.exists(finalDir) && !overwrite) {
        throw new IllegalArgumentException(
            "Invalid value for option '--output': "
                + dir
                + " already exists; choose a new directory or pass --overwrite");
      }
      Path parent = finalDir.getParent();
      Path tempDir = new Path(parent, "." + finalDir.getName() + ".tmp-" + UUID.randomUUID());
      fileSystem.mkdirs(tempDir);
      LOG.info("Writing output to temporary directory {}", tempDir);
      return new JobOutput(fileSystem, finalDir, tempDir, overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare output directory " + dir, e);
    }
  }

  /** Returns the fully qualified temporary path of {@code child} (e.g. "metrics"). */
  public String path(String child) {
    return new Path(tempDir, child).toString();
  }

  /**
   * Returns the final output directory: a plain path on the local file system, so it can be pasted
   * into a shell, and a fully qualified URI on any other file system.
   */
  public String finalPath() {
    if ("file".equals(finalDir.toUri().getScheme())) {
      return finalDir.toUri().getPath();
    }
    return finalDir.toString();
  }

  /** Writes a small file (a report, JSON, CSV or PNG) below the temporary directory. */
  public void writeBytes(String child, byte[] bytes) {
    Path file = new Path(tempDir, child);
    try (OutputStream out = fileSystem.create(file, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Writes a UTF-8 text file below the temporary directory. */
  public void writeString(String child, String text) {
    writeBytes(child, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Renames the temporary directory to the final one. */
  public void commit() {
    try {
      if (fileSystem.exists(finalDir)) {
        if (!overwrite) {
          throw new IllegalStateException(finalDir + " appeared while the job ran; not replaced");
        }
        fileSystem.delete(finalDir, true);
      }
      if (!fileSystem.rename(tempDir, finalDir)) {
        throw new IOException("rename of " + tempDir + " to " + finalDir + " returned false");
      }
      committed = true;
      LOG.info("Committed output {}", finalDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit output " + finalDir, e);
    }
  }

  /** Deletes the temporary directory unless the output was committed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      fileSystem.delete(tempDir, true);
      LOG.info("Removed uncommitted output {}", tempDir);
    } catch (IOException e) {
      LOG.warn("Cannot remove uncommitted output {}", tempDir, e);
    }
  }
}
