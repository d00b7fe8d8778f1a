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

  /**
   * The loops in use follow the system property when set (the scalar test run) and are the Vector
   * API ones otherwise, since surefire adds the incubator module.
   */
  @Test
  void kernelImplementationFollowsProperty() {
    String requested = System.getProperty("sata.kernel.implementation", "vector");
    String actual = TaylorState.kernelImplementation();

    assertTrue(actual.startsWith(requested), "expected " + requested + ", actual " + actual);
  }
}
