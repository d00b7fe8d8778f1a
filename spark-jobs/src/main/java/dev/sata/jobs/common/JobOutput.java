package dev.sata.jobs.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * the temporary directory, so a failed job leaves no partial output. A shutdown hook does the same
 * when the JVM ends first (Ctrl-C, a killed driver). Works for every Hadoop file system (local,
 * HDFS, object stores through their connectors; on object stores the rename is a copy and not
 * atomic).
 */
public final class JobOutput implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobOutput.class);

  private final FileSystem fileSystem;
  private final Path finalDir;
  private final Path tempDir;
  private final boolean overwrite;
  private final ShutdownCleanup cleanup;
  private volatile boolean committed;

  private JobOutput(FileSystem fileSystem, Path finalDir, Path tempDir, boolean overwrite) {
    this.fileSystem = fileSystem;
    this.finalDir = finalDir;
    this.tempDir = tempDir;
    this.overwrite = overwrite;
    this.cleanup = ShutdownCleanup.register(this::deleteUncommitted);
  }

  /**
   * An input path of a job and the option that names it (e.g. {@code --input}), which the output
   * directory must keep apart from.
   */
  public record InputPath(String option, String path) {}

  /**
   * Opens an output directory for a job without input paths. Fails before any work starts when
   * {@code dir} exists and {@code overwrite} is false.
   *
   * @param hadoopConf the job's Hadoop configuration ({@code
   *     spark.sparkContext().hadoopConfiguration()})
   * @param dir the final output directory
   * @param overwrite whether an existing {@code dir} is replaced on commit
   */
  public static JobOutput open(Configuration hadoopConf, String dir, boolean overwrite) {
    return open(hadoopConf, dir, overwrite, List.of());
  }

  /**
   * Opens an output directory. Fails before anything is created or deleted when {@code dir} is an
   * input path, contains one or lies inside one (compared as fully qualified, normalised Hadoop
   * paths), and when {@code dir} exists and {@code overwrite} is false.
   *
   * @param hadoopConf the job's Hadoop configuration ({@code
   *     spark.sparkContext().hadoopConfiguration()})
   * @param dir the final output directory
   * @param overwrite whether an existing {@code dir} is replaced on commit
   * @param inputs the paths the job reads
   * @throws IllegalArgumentException naming {@code --output}, both paths and the expectation
   */
  public static JobOutput open(
      Configuration hadoopConf, String dir, boolean overwrite, List<InputPath> inputs) {
    try {
      Path finalDir = new Path(dir);
      FileSystem fileSystem = finalDir.getFileSystem(hadoopConf);
      finalDir = fileSystem.makeQualified(finalDir);
      for (InputPath input : inputs) {
        requireApart(finalDir, input, hadoopConf);
      }
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

  /**
   * Rejects an output directory that is the input path, contains it or lies inside it: the commit
   * would delete the input with {@code --overwrite}, and the temporary directory would be written
   * into the input while it is read.
   */
  private static void requireApart(Path output, InputPath input, Configuration hadoopConf)
      throws IOException {
    Path inputPath = new Path(input.path());
    inputPath = inputPath.getFileSystem(hadoopConf).makeQualified(inputPath);
    String relation;
    if (output.equals(inputPath)) {
      relation = " is the " + input.option() + " path ";
    } else if (isAncestor(output, inputPath)) {
      relation = " contains the " + input.option() + " path ";
    } else if (isAncestor(inputPath, output)) {
      relation = " lies inside the " + input.option() + " path ";
    } else {
      return;
    }
    throw new IllegalArgumentException(
        "Invalid value for option '--output': "
            + display(output)
            + relation
            + display(inputPath)
            + "; expected a directory that is neither an input path nor contains or lies inside"
            + " one, so that the job cannot replace its own input");
  }

  /** Returns whether {@code ancestor} is a proper ancestor of {@code path}. */
  private static boolean isAncestor(Path ancestor, Path path) {
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (p.equals(ancestor)) {
        return true;
      }
    }
    return false;
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
    return display(finalDir);
  }

  /** Returns a local path without its scheme and any other path fully qualified. */
  private static String display(Path path) {
    if ("file".equals(path.toUri().getScheme())) {
      return path.toUri().getPath();
    }
    return path.toString();
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
    cleanup.close();
  }

  private void deleteUncommitted() {
    if (committed) {
      return;
    }
    try {
      // Both close() and the shutdown hook call this, so the second call finds nothing to delete.
      if (fileSystem.delete(tempDir, true)) {
        LOG.info("Removed uncommitted output {}", tempDir);
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove uncommitted output {}", tempDir, e);
    }
  }
}
