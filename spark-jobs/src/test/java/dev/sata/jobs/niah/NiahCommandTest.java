package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sata.jobs.SataJobs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Command-line parsing of the niah job, without starting Spark. */
class NiahCommandTest {

  @Test
  void defaultsMatchTheBuilder() {
    NiahCommand command = new NiahCommand();
    new CommandLine(command).parseArgs();

    NiahOptions parsed = command.options();
    NiahOptions built = NiahOptions.builder().build();

    assertArrayEquals(built.lengths(), parsed.lengths(), "lengths");
    assertArrayEquals(built.depths(), parsed.depths(), 0, "depths");
    assertArrayEquals(built.taylorTerms(), parsed.taylorTerms(), "taylor terms");
    assertArrayEquals(built.headSizes(), parsed.headSizes(), "d");
    assertArrayEquals(built.realTextHeadSizes(), parsed.realTextHeadSizes(), "real-text d");
    assertArrayEquals(built.logitScales(), parsed.logitScales(), 0, "logit scales");
    assertEquals(built.tasks(), parsed.tasks(), "tasks");
    assertEquals(built.trials(), parsed.trials(), "trials");
    assertEquals(built.seed(), parsed.seed(), "seed");
    assertEquals(built.chunkSize(), parsed.chunkSize(), "chunk size");
    assertEquals(built.capacityMaxLength(), parsed.capacityMaxLength(), "capacity max length");
    assertEquals(built.maxHaystackFlops(), parsed.maxHaystackFlops(), 0, "flop budget");
    assertTrue(parsed.output().startsWith("out/niah-"), "default output " + parsed.output());
  }

  @Test
  void parsesSuffixedOptions() {
    NiahCommand command = new NiahCommand();
    new CommandLine(command)
        .parseArgs(
            "--task",
            "single,real-text",
            "--lengths",
            "4K,1M",
            "--taylor-terms",
            "2..4",
            "--capacity-max-length",
            "2M",
            "--depths",
            "0%,50%,100%");

    NiahOptions options = command.options();

    assertEquals(List.of(NiahTask.SINGLE, NiahTask.REAL_TEXT), options.tasks(), "tasks");
    assertArrayEquals(new long[] {4096, 1 << 20}, options.lengths(), "lengths");
    assertArrayEquals(new int[] {2, 3, 4}, options.taylorTerms(), "terms");
    assertEquals(2L << 20, options.capacityMaxLength(), "capacity max length");
    assertArrayEquals(new double[] {0, 0.5, 1}, options.depths(), 0, "depths");
  }

  @Test
  void invalidLengthExitsWithTwo() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = SataJobs.commandLine();
    commandLine.setErr(new PrintWriter(err));

    int code = commandLine.execute("niah", "--lengths", "4K,lots");

    assertEquals(2, code, "exit code; standard error: " + err);
    assertEquals(
        "error: Invalid value for option '--lengths': lots; expected a whole token count such as"
            + " 4096, 16K, 16M or 1e9\n"
            + "Run 'sata niah --help' for the options.",
        err.toString().trim().replace(System.lineSeparator(), "\n"),
        "message");
  }
}
