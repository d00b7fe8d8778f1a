package dev.sata.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output directory appears whole on commit and not at all on failure. */
class JobOutputTest {

  @TempDir Path root;

  @Test
  void commitMovesEverythingIntoPlace() throws IOException {
    Path dir = root.resolve("report");

    try (JobOutput output = JobOutput.open(new Configuration(), dir.toString(), false)) {
      output.writeString("summary.json", "{}");
      assertFalse(Files.exists(dir), "final directory must not exist before commit");
      output.commit();
    }

    assertEquals("{}", Files.readString(dir.resolve("summary.json")));
    assertEquals(1, countEntries(root), "only the final directory should remain in " + root);
  }

  @Test
  void localFinalPathIsPlain() {
    Path dir = root.resolve("report");

    try (JobOutput output = JobOutput.open(new Configuration(), "file:" + dir, false)) {
      assertEquals(dir.toString(), output.finalPath(), "a local path should have no scheme");
    }
  }

  @Test
  void closeWithoutCommitLeavesNothing() throws IOException {
    Path dir = root.resolve("report");

    try (JobOutput output = JobOutput.open(new Configuration(), dir.toString(), false)) {
      output.writeString("partial.csv", "a,b\n");
    }

    assertFalse(Files.exists(dir), "an uncommitted output must not appear");
    assertEquals(0, countEntries(root), "the temporary directory must be removed from " + root);
  }

  @Test
  void existingDirectoryRejectedWithoutOverwrite() throws IOException {
    Path dir = Files.createDirectory(root.resolve("report"));

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> JobOutput.open(new Configuration(), dir.toString(), false));

    assertTrue(error.getMessage().contains("--output"), error.getMessage());
    assertTrue(error.getMessage().contains("--overwrite"), error.getMessage());
  }

  @Test
  void overwriteReplacesExistingDirectory() throws IOException {
    Path dir = Files.createDirectory(root.resolve("report"));
    Files.writeString(dir.resolve("old.txt"), "old");

    try (JobOutput output = JobOutput.open(new Configuration(), dir.toString(), true)) {
      output.writeString("new.txt", "new");
      output.commit();
    }

    assertFalse(Files.exists(dir.resolve("old.txt")), "old content must be gone");
    assertEquals("new", Files.readString(dir.resolve("new.txt")));
  }

  @Test
  void outputOverlappingAnInputRejectedBeforeAnyChange() throws IOException {
    Path input = Files.createDirectories(root.resolve("corpus/tokens"));
    Files.writeString(input.resolve("part-0.json"), "{}\n");
    List<JobOutput.InputPath> inputs =
        List.of(new JobOutput.InputPath("--input", input.toString()));
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(input.toString(), input + " is the --input path " + input);
    cases.put(
        root + "/corpus/../corpus", root.resolve("corpus") + " contains the --input path " + input);
    cases.put(
        "file:" + input + "/report",
        input.resolve("report") + " lies inside the --input path " + input);

    for (Map.Entry<String, String> c : cases.entrySet()) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> JobOutput.open(new Configuration(), c.getKey(), true, inputs),
              "--output " + c.getKey() + " must be rejected");

      assertEquals(
          "Invalid value for option '--output': "
              + c.getValue()
              + "; expected a directory that is neither an input path nor contains or lies inside"
              + " one, so that the job cannot replace its own input",
          error.getMessage(),
          "message for --output " + c.getKey());
    }
    assertEquals(List.of("corpus"), names(root), "nothing created or deleted in " + root);
    assertEquals(List.of("part-0.json"), names(input), "input kept");
  }

  @Test
  void siblingWithSharedPrefixAccepted() throws IOException {
    Path input = Files.createDirectories(root.resolve("tokens"));
    List<JobOutput.InputPath> inputs =
        List.of(new JobOutput.InputPath("--input", input.toString()));

    try (JobOutput output =
        JobOutput.open(new Configuration(), root.resolve("tokens2").toString(), false, inputs)) {
      output.commit();
    }

    assertEquals(List.of("tokens", "tokens2"), names(root), "both directories side by side");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static long countEntries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.count();
    }
  }
}
