package dev.sata.jobs.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sata.jobs.SataJobs;
import dev.sata.jobs.common.Charts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
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
  void termRangesExpandAndUsageReadsPlainly() throws Exception {
    Path dir = root.resolve("ranges");
    StringWriter usage = new StringWriter();
    SataJobs.commandLine().getSubcommands().get("cost").usage(new PrintWriter(usage));

    int exit =
        execute(
            new StringWriter(),
            new StringWriter(),
            "cost",
            "--taylor-terms",
            "2..4,6",
            "--lengths",
            "512",
            "--output",
            dir.toString());

    assertEquals(0, exit, "exit code");
    JsonNode rows = new ObjectMapper().readTree(dir.resolve("cost.json").toFile()).get("per_terms");
    assertEquals(4, rows.size(), "rows for P = 2, 3, 4, 6");
    assertEquals(6, rows.get(3).get("taylor_terms").asInt(), "last row is P = 6");
    String text = usage.toString().replaceAll("\\s+", "");
    assertTrue(text.contains("[--taylor-terms=P[,P...]]"), "usage of --taylor-terms:\n" + usage);
    assertTrue(text.contains("[--lengths=N[,N...]]"), "usage of --lengths:\n" + usage);
    assertFalse(text.contains("[,N[,N...]...]"), "repeated list syntax in usage:\n" + usage);
  }

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

    long crossover =
        ((BigInteger) table.perTerms().get(0).get("crossover_length")).longValueExact();
    double perQuery = (Double) table.perTerms().get(0).get("flops_per_query");

    // exact softmax costs n (2d + 2dv + 2) = 66 n flops per query
    assertTrue(66.0 * crossover > perQuery, "softmax at the crossover costs more than the state");
    assertTrue(66.0 * (crossover - 1) <= perQuery, "one token earlier it does not");
  }

  /** d = 128 is a common head size: P = 16 and 20 go past the long range and cannot be built. */
  @Test
  void largeHeadSizeShowsTrueMagnitudes() throws Exception {
    Path dir = root.resolve("d128");
    StringWriter out = new StringWriter();

    int exit =
        execute(
            out,
            new StringWriter(),
            "cost",
            "--d",
            "128",
            "--dv",
            "128",
            "--taylor-terms",
            "2,16,20",
            "--output",
            dir.toString());

    assertEquals(0, exit, "exit code; output:\n" + out);
    String text = out.toString();
    assertFalse(text.contains(String.valueOf(Long.MAX_VALUE)), "no saturated count:\n" + text);
    assertTrue(text.contains("7.644e+19"), "D at P = 16 in scientific notation:\n" + text);
    assertTrue(text.contains("3.682e+23"), "D at P = 20 in scientific notation:\n" + text);
    assertTrue(text.contains("no: D > max array length"), "P = 16 marked:\n" + text);

    JsonNode rows = new ObjectMapper().readTree(dir.resolve("cost.json").toFile()).get("per_terms");
    JsonNode p16 = rows.get(1);
    JsonNode p20 = rows.get(2);
    assertEquals(
        new BigInteger("76435265515004093841"),
        p16.get("features_D").bigIntegerValue(),
        "D = binom(143, 15)");
    assertEquals(
        new BigInteger("368213284721420417944665"),
        p20.get("features_D").bigIntegerValue(),
        "D = binom(147, 19)");
    assertTrue(
        p20.get("flops_per_query").asDouble() > 1000 * p16.get("flops_per_query").asDouble(),
        "flops at P = 20 exceed those at P = 16: " + p16 + " " + p20);
    assertTrue(rows.get(0).get("buildable").asBoolean(), "P = 2 state fits: " + rows.get(0));
    assertFalse(p16.get("buildable").asBoolean(), "P = 16 state cannot be built: " + p16);
    assertEquals("D > max array length", p16.get("build_limit").asText(), "limit of P = 16");

    List<String> csv = Files.readAllLines(dir.resolve("cost-per-terms.csv"));
    assertTrue(csv.get(2).startsWith("16,76435265515004093841,"), "CSV row of P = 16: " + csv);
    assertTrue(csv.get(2).endsWith(",false,D > max array length"), "CSV row of P = 16: " + csv);
  }

  /** A state that fits in arrays but not in the heap is marked with the heap limit. */
  @Test
  void stateOverHeapIsMarked() {
    CostTable table = new CostTable(32, 32, new int[] {2, 4}, new long[] {10}, 1, 100_000);

    String text = table.toText();

    assertTrue(text.contains("no: 8 D (dv + 1) bytes > max heap"), "P = 4 marked:\n" + text);
    assertEquals(true, table.perTerms().get(0).get("buildable"), "P = 2: 264 doubles fit");
    assertEquals(false, table.perLength().get(1).get("buildable"), "P = 4 in the length table");
    List<String> names = table.flopsSeries().stream().map(Charts.Series::name).toList();
    assertEquals("Taylor state, P = 2", names.get(1), "legend of P = 2: " + names);
    assertEquals(
        "Taylor state, P = 4 (cannot be built)", names.get(2), "legend of P = 4: " + names);
  }

  @Test
  void countsFormatPlainThenScientific() {
    assertEquals(
        "999999999999", CostTable.formatCount(BigInteger.TEN.pow(12).subtract(BigInteger.ONE)));
    assertEquals("1.000e+12", CostTable.formatCount(BigInteger.TEN.pow(12)));
    assertEquals(
        "7.644e+19", CostTable.formatCount(new BigInteger("76435265515004093841")), "D at P = 16");
  }

  @Test
  void countBeyondDoubleRangeIsRejected() {
    StringWriter err = new StringWriter();

    int exit =
        execute(new StringWriter(), err, "cost", "--d", "1000000", "--taylor-terms", "2,200");

    assertEquals(2, exit, "exit code for P = 200 at d = 1e6; stderr:\n" + err);
    assertTrue(err.toString().contains("--taylor-terms"), "message names the option: " + err);
    assertTrue(err.toString().contains("200"), "message names the value: " + err);
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
