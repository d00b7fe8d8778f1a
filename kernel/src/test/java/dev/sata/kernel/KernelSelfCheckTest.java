package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelSelfCheckTest {

  /** The smoke command's checks all pass and each prints an "ok" line. */
  @Test
  void selfCheckPasses() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int failures = new KernelSelfCheck(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertEquals(0, failures, "failed checks; output:\n" + output);
    assertTrue(output.lines().count() >= 6, "expected at least 6 lines, got:\n" + output);
    assertTrue(output.lines().allMatch(line -> line.startsWith("ok")), output);
  }
}
