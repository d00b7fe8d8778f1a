package dev.sata.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help texts of the command line. */
class SataJobsTest {

  @Test
  void corpusJobsDescribeDefaultOutputInWords() {
    CommandLine commandLine = SataJobs.commandLine();

    for (String job : List.of("extract", "generate")) {
      String help = commandLine.getSubcommands().get(job).getUsageMessage().replaceAll("\\s+", " ");

      String expected =
          "Output directory (default: a new directory under out/ named after the job and its"
              + " start time, such as out/"
              + job
              + "-";
      assertTrue(
          help.contains(expected), job + " --help should contain " + expected + ":\n" + help);
      assertFalse(help.contains("<job>"), job + " --help should not show a placeholder:\n" + help);
    }
  }
}
