package dev.sata.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sata.jobs.SataJobs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cost job through the command line: printed table, written files, invalid options. */
class CostCommandTest {

  @TempDir Path root;

  @Test
  void writesTablesAndPlot() throws Exception {
    Path dir = root.resolve("cost");
    StringWriter out = new StringWriter();

    int exit =
        execute(
            out,
            new StringWriter(),
            "cost",
            "--d",
            "32",
            "--dv",
            "32",
            "--taylor-terms",
            "2,6",
            "--lengths",
            "512,1000000",
            "--max-logit",
            "2",
            "--output",
            dir.toString());

    assertEquals(0, exit, "exit code; output:\n" + out);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("cost.json").toFile());
    JsonNode p6 = json.get("per_terms").get(1);
    assertEquals(6, p6.get("taylor_terms").asInt(), "second row is P = 6");
    assertEquals(435_897L, p6.get("features_D").asLong(), "D = binom(37, 5) at d = 32, P = 6");
    assertEquals(435_897L * 33, p6.get("state_numbers").asLong(), "state D (dv + 1)");
    assertEquals(4, json.get("per_length").size(), "2 P x 2 lengths");
    List<String> perTerms = Files.readAllLines(dir.resolve("cost-per-terms.csv"));
    assertEquals(3, perTerms.size(), "header and one line per P: " + perTerms);
    assertTrue(Files.size(dir.resolve("flops-vs-length.png")) > 1000, "PNG written");
    assertTrue(out.toString().contains("435897"), "printed table shows D:\n" + out);
  }

  @Test
  void crossoverLengthMatchesFlops() {
    CostTable table = new CostTable(16, 16, new int[] {3}, new long[] {10}, 1);

    long crossover = (Long) table.perTerms().get(0).get("crossover_length");
    double perQuery = (Double) table.perTerms().get(0).get("flops_per_query");

    // exact softmax costs n (2d + 2dv + 2) = 66 n flops per query
    assertTrue(66.0 * crossover > perQuery, "softmax at the crossover costs more than the state");
    assertTrue(66.0 * (crossover - 1) <= perQuery, "one token earlier it does not");
  }

  @Test
  void invalidOptionExitsWithTwo() {
    StringWriter err = new StringWriter();

    int exit = execute(new StringWriter(), err, "cost", "--d", "0");

    assertEquals(2, exit, "exit code for --d 0");
    assertTrue(err.toString().contains("--d"), "message names the option: " + err);
    assertFalse(Files.exists(root.resolve("cost")), "no output without --output");
  }

  private static int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine commandLine = SataJobs.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
