package dev.sata.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that ends while a job writes, as on Ctrl-C or a killed driver, leaves no temporary
 * directory: try-with-resources never runs then, so only the shutdown hook can clean up.
 */
class JobOutputExitTest {

  @TempDir Path root;

  @Test
  void exitBeforeCommitRemovesTemporaryDirectory() throws Exception {
    Path dir = root.resolve("report");

    Process child = startChild(dir);

    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit within 60 s");
    String log = new String(child.getInputStream().readAllBytes());
    assertEquals(3, child.exitValue(), "child exit code; output:\n" + log);
    assertTrue(log.contains("wrote"), "child wrote its file before exiting; output:\n" + log);
    assertEquals(List.of(), entries(root), "entries left in " + root + "; output:\n" + log);
  }

  /** Starts a JVM that runs {@link ExitWithoutCommit} with this test's class path. */
  private static Process startChild(Path dir) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ExitWithoutCommit.class.getName(),
            dir.toString())
        .redirectErrorStream(true)
        .start();
  }

  private static List<String> entries(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Opens an output directory, writes one file and exits the JVM without commit or close. */
  public static final class ExitWithoutCommit {

    private ExitWithoutCommit() {}

    /** Entry point; {@code args[0]} is the output directory. */
    public static void main(String[] args) {
      JobOutput output = JobOutput.open(new Configuration(), args[0], false);
      output.writeString("summary.json", "{}");
      System.out.println("wrote " + output.path("summary.json"));
      System.exit(3);
    }
  }
}
