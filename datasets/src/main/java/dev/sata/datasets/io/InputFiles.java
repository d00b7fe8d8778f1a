package dev.sata.datasets.io;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the data files of an input path on the driver.
 *
 * <p>A path names a file or a directory (searched recursively). As in Spark's file readers, names
 * starting with {@code _} or {@code .} (e.g. {@code _SUCCESS}, checksum files) are not data. In a
 * directory, Arrow input takes only files ending in {@code .arrow}; Parquet and JSON take every
 * data file.
 */
public final class InputFiles {

  private InputFiles() {}

  /**
   * Returns the fully qualified data files below {@code path}, sorted by name.
   *
   * @throws InvalidInputException when the path does not exist or contains no data file
   */
  public static List<String> list(Configuration conf, String path, CorpusFormat format) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw new InvalidInputException("Input path does not exist: " + path);
      }
      FileStatus status = fs.getFileStatus(root);
      List<String> files = new ArrayList<>();
      if (status.isFile()) {
        files.add(fs.makeQualified(root).toString());
      } else {
        collect(fs, fs.makeQualified(root), format, files);
      }
      if (files.isEmpty()) {
        throw new InvalidInputException(
            "Empty input: no "
                + format.optionValue()
                + " data file in "
                + path
                + "; expected at least one"
                + (format == CorpusFormat.ARROW ? " file ending in .arrow" : " file")
                + otherFormatHint(fs, root, status, format));
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new InvalidInputException("Cannot list input path " + path + ": " + e.getMessage(), e);
    }
  }

  /** Suggests --format from the names of the files that the requested format left out. */
  private static String otherFormatHint(
      FileSystem fs, Path root, FileStatus status, CorpusFormat format) throws IOException {
    if (status.isFile()) {
      return "";
    }
    List<String> all = new ArrayList<>();
    collect(fs, fs.makeQualified(root), CorpusFormat.PARQUET, all); // every data file
    return FileChecks.formatHint(all, format);
  }

  private static void collect(FileSystem fs, Path dir, CorpusFormat format, List<String> files)
      throws IOException {
    RemoteIterator<LocatedFileStatus> entries = fs.listFiles(dir, true);
    while (entries.hasNext()) {
      LocatedFileStatus entry = entries.next();
      if (isData(dir, entry.getPath(), format)) {
        files.add(entry.getPath().toString());
      }
    }
  }

  private static boolean isData(Path root, Path file, CorpusFormat format) {
    // A hidden directory between the root and the file hides the file too.
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return false;
      }
    }
    return format != CorpusFormat.ARROW || file.getName().endsWith(".arrow");
  }
}
