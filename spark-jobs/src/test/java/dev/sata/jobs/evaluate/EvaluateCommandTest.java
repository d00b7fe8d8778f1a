package dev.sata.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.CorpusWriter;
import dev.sata.datasets.TokenRows;
import dev.sata.jobs.SataJobs;
import dev.sata.jobs.common.SparkTestBase;
import dev.sata.jobs.evaluate.TokenFixture.Sequence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluate command line: output layout, invalid input and invalid options. */
class EvaluateCommandTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @TempDir Path root;

  @Test
  void outputLayoutOfAFullRun() throws IOException {
    // 2 layers x 2 heads of 24 tokens
    Random random = new Random(21);
    List<Sequence> sequences = new ArrayList<>();
    for (int layer = 0; layer < 2; layer++) {
      for (int head = 0; head < 2; head++) {
        sequences.add(TokenFixture.gaussian("doc", layer, head, 24, 4, 4, 0.9, random));
      }
    }
    String input =
        TokenFixture.write(
            spark(),
            root.resolve("tokens").toString(),
            TokenFixture.rows(sequences, 5),
            2,
            CorpusFormat.PARQUET);
    Path output = root.resolve("report");

    Result run =
        execute(
            "evaluate",
            "--input",
            input,
            "--taylor-terms",
            "2,3",
            "--exact",
            "6",
            "--seed",
            "3",
            "--chunk-size",
            "10",
            "--output",
            output.toString());

    assertEquals(0, run.exit(), "exit code; stderr:\n" + run.err());
    Assertions.assertTrue(run.out().contains("report.md"), "prints the report path: " + run.out());

    // summary.json
    JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
    for (String field :
        List.of("configuration", "counts", "logit_range", "per_terms", "wall_time_seconds")) {
      Assertions.assertTrue(summary.has(field), "summary.json has " + field + ": " + summary);
    }
    assertEquals(96, summary.get("counts").get("token_rows").asLong(), "token rows");
    assertEquals(96, summary.get("counts").get("queries_evaluated").asLong(), "queries");
    assertEquals(2, summary.get("counts").get("layers").asLong(), "layers");
    assertEquals(2, summary.get("counts").get("heads").asLong(), "heads");
    assertEquals(
        "none (self-attention)",
        summary.get("configuration").get("query_file").asText(),
        "query_file");
    assertEquals(4, summary.get("counts").get("sequences").asLong(), "sequence keys");
    assertEquals(24, summary.get("counts").get("exact_evaluated_positions").asLong(), "4 x 6");
    JsonNode p2 = summary.get("per_terms").get(0);
    for (String field :
        List.of(
            "errors",
            "nonpositive_denominators",
            "state_size_numbers",
            "state_size_bytes",
            "flops_per_query",
            "flops_per_key",
            "crossover_length",
            "truncation_bound_at_max_abs_logit",
            "routes")) {
      Assertions.assertTrue(p2.has(field), "per_terms[0] has " + field + ": " + p2);
    }
    assertEquals(24, p2.get("errors").get("count").asLong(), "error count at P = 2");
    JsonNode logits = summary.get("logit_range");
    Assertions.assertTrue(logits.get("max_abs").asDouble() > 0, "logit range is filled");
    assertEquals(4, logits.get("sequences_with_logits").asLong(), "sequences with logits");
    Assertions.assertTrue(
        logits.get("median_of_sequence_max_abs").asDouble() <= logits.get("max_abs").asDouble(),
        "median of the per-sequence max |s| is at most the max: " + logits);
    Assertions.assertTrue(
        logits.get("max_abs_sequence").get("seq_id").asText().equals("doc"),
        "max_abs_sequence names the key: " + logits);

    // summary.csv, metrics, report and plots
    assertEquals(3, Files.readAllLines(output.resolve("summary.csv")).size(), "header + 2 P");
    List<Row> metrics =
        spark().read().parquet(output.resolve("metrics/parquet").toString()).collectAsList();
    assertEquals(8, metrics.size(), "4 sequence keys x 2 P");
    Assertions.assertTrue(
        Files.list(output.resolve("metrics/csv")).anyMatch(p -> p.toString().endsWith(".csv")),
        "metrics CSV part files");
    String report = Files.readString(output.resolve("report.md"));
    Assertions.assertTrue(report.contains("Logit range"), "report states the logit range");
    Assertions.assertTrue(
        report.contains("The max |s| comes from sequence (seq_id=doc, layer="),
        "report names the sequence of the max |s|:\n" + report);
    Assertions.assertTrue(
        report.contains("The median over the 4 sequence keys of their own max |s| is"),
        "report states the median of the per-sequence max |s|:\n" + report);
    Assertions.assertFalse(report.contains("| queries |"), "no ambiguous queries row:\n" + report);
    long stateSequences = summary.get("configuration").get("routes").get("state").asLong();
    assertEquals(4, stateSequences, "d = 4 at P <= 3 makes the state route cheaper");
    Assertions.assertTrue(
        report.contains("float64 state, split weights"),
        "configuration lines name precision and weights of the state route:\n" + report);
    for (String png :
        List.of(
            ReportWriter.ERROR_VS_TERMS,
            ReportWriter.ERROR_VS_LOGITS,
            ReportWriter.MAX_LOGIT_HEAT_MAP,
            ReportWriter.errorHeatMap(2),
            ReportWriter.errorHeatMap(3))) {
      Assertions.assertTrue(Files.size(output.resolve(png)) > 1000, png + " written");
      Assertions.assertTrue(report.contains("(" + png + ")"), "report.md links " + png);
    }
    assertFalse(Files.exists(output.resolve("outputs")), "no outputs/ without --emit-outputs");

    // the effective command, defaults and the scale c = sqrt(d) filled in
    String command =
        "evaluate --input "
            + input
            + " --format parquet --taylor-terms 2,3 --scale 2.0 --chunk-size 10 --exact 6"
            + " --seed 3 --output-format parquet --output "
            + output
            + " --precision float64 --weights split --route auto";
    assertEquals(
        command, summary.get("configuration").get("command").asText(), "summary.json command");
    Assertions.assertTrue(
        report.startsWith(
            "# Taylor attention (SATA) against exact softmax\n\nCommand: `" + command + "`\n"),
        "report.md starts with the command:\n" + report);

    // error figures carry the configuration and the logit range of the data
    String configuration =
        "non-causal, route state, c = 2.000, chunk 10, float64 state, split weights, d = 4, dv = 4";
    String logitRange =
        String.format(
            java.util.Locale.ROOT,
            "logit range q.k/c: %s to %s",
            ReportWriter.number(logits.get("min").asDouble()),
            ReportWriter.number(logits.get("max").asDouble()));
    long excludedAtTwo = p2.get("nonpositive_denominators").asLong();
    List<String> titles =
        List.of(
            "![Mean relative error per sequence, "
                + configuration
                + "; x axis: max |q.k/c| of the sequence; "
                + logitRange
                + "](error-vs-logit-range.png)",
            "![log10 of mean relative error, P = 2, "
                + configuration
                + "; x axis: head; "
                + logitRange
                + String.format(
                    java.util.Locale.ROOT,
                    "; queries left out for Z <= 0: %d of 96 (%.3g%%)",
                    excludedAtTwo,
                    100.0 * excludedAtTwo / 96)
                + "](heatmap-mean-rel-error-P2.png)",
            "![log10 of mean relative error, P = 3, "
                + configuration
                + "; x axis: head; "
                + logitRange
                + "](heatmap-mean-rel-error-P3.png)");
    for (String title : titles) {
      Assertions.assertTrue(report.contains(title), "expected " + title + " in\n" + report);
    }
  }

  @Test
  void wrongArrayLengthExitsWithTwoAndNoOutput() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (long t = 0; t < 6; t++) {
      Double[] k = t == 4 ? new Double[] {1.0, 2.0, 3.0} : new Double[] {1.0, 0.0, 0.0, 0.5};
      rows.add(
          RowFactory.create(
              "bad", 0, 0, t, new Double[] {0.1, 0.2, 0.3, 0.4}, k, new Double[] {1.0, 2.0}));
    }
    String input =
        TokenFixture.write(spark(), root.resolve("bad").toString(), rows, 1, CorpusFormat.PARQUET);
    Path output = root.resolve("never");

    Result run = execute("evaluate", "--input", input, "--output", output.toString());

    assertEquals(2, run.exit(), "exit code; stderr:\n" + run.err());
    Assertions.assertTrue(run.err().contains("part-"), "message names the file: " + run.err());
    Assertions.assertTrue(run.err().contains("pos"), "message names the row: " + run.err());
    assertFalse(Files.exists(output), "no output directory");
    try (Stream<Path> left = Files.list(root)) {
      assertEquals(
          List.of("bad"),
          left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".bad")).toList(),
          "no temporary output left in " + root);
    }
  }

  @Test
  void mixedKeyLengthsNameTwoSequences() {
    // seq "a" has d = 4 on (layer 0, head 1); seq "b" has d = 2 on (layer 1, head 0)
    List<Row> rows = new ArrayList<>();
    for (long t = 0; t < 3; t++) {
      Double[] four = {0.1, 0.2, 0.3, 0.4};
      Double[] two = {0.5, 0.6};
      rows.add(RowFactory.create("a", 0, 1, t, four, four, new Double[] {1.0}));
      rows.add(RowFactory.create("b", 1, 0, t, two, two, new Double[] {2.0}));
    }
    String input =
        TokenFixture.write(spark(), root.resolve("mixed").toString(), rows, 1, CorpusFormat.JSON);
    Path output = root.resolve("mixed-out");

    Result run =
        execute("evaluate", "--input", input, "--format", "json", "--output", output.toString());

    assertEquals(2, run.exit(), "exit code; stderr:\n" + run.err());
    String expected = "column k has length 2 in sequence (seq_id=b, layer=1, head=0) (file ";
    Assertions.assertTrue(
        run.err().contains(expected), "expected " + expected + " in " + run.err());
    Assertions.assertTrue(
        run.err().contains("but length 4 in sequence (seq_id=a, layer=0, head=1)"),
        "message names the second key and length: " + run.err());
    Assertions.assertTrue(
        run.err().contains("evaluate needs one length of k (d) for the whole input"),
        "message states the expectation: " + run.err());
    Assertions.assertFalse(run.err().contains("d = -1"), "no sentinel value: " + run.err());
    assertFalse(Files.exists(output), "no output directory");
  }

  @Test
  void strictPositionsRejectGaps() {
    List<Row> rows = new ArrayList<>();
    for (long t : new long[] {0, 1, 3}) {
      rows.add(
          RowFactory.create(
              "gap",
              0,
              0,
              t,
              new Double[] {0.1, 0.2},
              new Double[] {0.3, 0.4},
              new Double[] {1.0}));
    }
    String input =
        TokenFixture.write(spark(), root.resolve("gap").toString(), rows, 1, CorpusFormat.PARQUET);
    Path output = root.resolve("strict");

    Result strict =
        execute("evaluate", "--input", input, "--strict-positions", "--output", output.toString());
    Result lenient = execute("evaluate", "--input", input, "--output", output.toString());

    assertEquals(2, strict.exit(), "exit code with --strict-positions; stderr:\n" + strict.err());
    Assertions.assertTrue(
        strict.err().contains("gap"), "message names the sequence: " + strict.err());
    assertEquals(
        0, lenient.exit(), "exit code without --strict-positions; stderr:\n" + lenient.err());
    Assertions.assertTrue(
        Files.exists(output.resolve("summary.json")), "lenient run writes output");
  }

  @Test
  void invalidOptionsExitWithTwo() {
    Result chunk = execute("evaluate", "--input", "x", "--chunk-size", "0", "--output", "y");
    Result exact = execute("evaluate", "--input", "x", "--exact", "some", "--output", "y");
    Result causalQueries =
        execute("evaluate", "--input", "x", "--queries", "q", "--causal", "--output", "y");

    assertEquals(2, chunk.exit(), "--chunk-size 0");
    Assertions.assertTrue(chunk.err().contains("--chunk-size"), chunk.err());
    assertEquals(2, exact.exit(), "--exact some");
    Assertions.assertTrue(exact.err().contains("--exact"), exact.err());
    assertEquals(2, causalQueries.exit(), "--queries with --causal");
    Assertions.assertTrue(causalQueries.err().contains("--queries"), causalQueries.err());
  }

  @Test
  void outputOverlappingInputRejected() throws IOException {
    Path corpus = root.resolve("corpus");
    String input = smallCorpus(corpus.resolve("tokens"));
    List<String> before = tree(corpus);
    String inside = corpus.resolve("tokens/report").toString();

    Result same = execute("evaluate", "--input", input, "--output", input, "--overwrite");
    Result parent =
        execute("evaluate", "--input", input, "--output", corpus + "/./", "--overwrite");
    Result child = execute("evaluate", "--input", input, "--output", inside, "--overwrite");

    assertOverlapRejected(same, input + " is the --input path " + input);
    assertOverlapRejected(parent, corpus + " contains the --input path " + input);
    assertOverlapRejected(child, inside + " lies inside the --input path " + input);
    assertEquals(before, tree(corpus), "the input must be left as it was");
  }

  @Test
  void outputOverlappingQueryFileRejected() throws IOException {
    String input = smallCorpus(root.resolve("tokens"));
    Path queries = Files.createDirectory(root.resolve("queries"));
    Files.writeString(queries.resolve("part-0.json"), "{}\n");

    Result run =
        execute(
            "evaluate",
            "--input",
            input,
            "--queries",
            queries.toString(),
            "--output",
            root.toString(),
            "--overwrite");

    assertOverlapRejected(run, root + " contains the --input path " + input);
    Assertions.assertTrue(Files.exists(queries.resolve("part-0.json")), "query file kept");
    Result inQueries =
        execute(
            "evaluate",
            "--input",
            input,
            "--queries",
            queries.toString(),
            "--output",
            queries.resolve("out").toString());
    assertOverlapRejected(
        inQueries, queries.resolve("out") + " lies inside the --queries path " + queries);
  }

  @Test
  void parameterErrorsPrintHintNotUsage() {
    String hint = "Run 'sata evaluate --help' for the options.";
    List<List<String>> cases =
        List.of(
            List.of("evaluate", "--taylor-terms", "abc"),
            List.of("evaluate", "--taylor-terms", "3,4,,2"),
            List.of("evaluate", "--taylor-terms", "0..3"),
            List.of("evaluate", "--chunk-size", "x"),
            List.of("evaluate", "--no-such-option"));

    for (List<String> args : cases) {
      Result run = execute(args.toArray(new String[0]));

      assertEquals(2, run.exit(), "exit code of " + args + "; stderr:\n" + run.err());
      List<String> lines = run.err().lines().toList();
      assertEquals(2, lines.size(), "message and hint only for " + args + ":\n" + run.err());
      Assertions.assertTrue(
          lines.get(0).startsWith("error: "), "first line is the error: " + lines);
      assertEquals(hint, lines.get(1), "hint line for " + args);
    }
    Result cost = execute("cost", "--lengths", "0,abc");
    assertEquals(
        List.of(
            "error: Invalid value for option '--lengths' (N): 'abc' is not a long",
            "Run 'sata cost --help' for the options."),
        cost.err().lines().toList(),
        "cost --lengths 0,abc");
    Result root = execute();
    assertEquals(
        "Run 'sata --help' for the jobs.",
        root.err().lines().reduce((a, b) -> b).orElse(""),
        "hint of the root command:\n" + root.err());
  }

  @Test
  void taylorTermsTakeRangesAndRenderPlainly() {
    EvaluateCommand command = new EvaluateCommand();
    CommandLine commandLine = new CommandLine(command);
    commandLine.parseArgs("--taylor-terms", "2..4,6");

    int[] terms = command.options().input("x").output("y").build().terms();
    String usage = commandLine.getUsageMessage();

    Assertions.assertArrayEquals(new int[] {2, 3, 4, 6}, terms, "2..4,6");
    Assertions.assertTrue(usage.contains("[--taylor-terms=P[,P...]]"), "usage line:\n" + usage);
    assertFalse(usage.contains("[,P[,P...]...]"), "no repeated split rendering:\n" + usage);
  }

  @Test
  void badQueryVectorNamesTheProblem() {
    String input = smallCorpus(root.resolve("tokens"));
    Double[] withNull = {0.1, null, 0.3, 0.4};
    Double[] tooShort = {0.1, 0.2, 0.3};

    Result nullElement = execute(queryRun(input, "null-element", withNull));
    Result shortQuery = execute(queryRun(input, "short", tooShort));

    assertEquals(2, nullElement.exit(), "exit code; stderr:\n" + nullElement.err());
    String expected =
        ", sequence (seq_id=doc, layer=0, head=0), query_id 7: q[1] is null; expected an array"
            + " of d = 4 numbers without nulls";
    Assertions.assertTrue(
        nullElement.err().contains(expected), expected + " in " + nullElement.err());
    Assertions.assertTrue(
        nullElement.err().contains("error: file file:"), "names the file: " + nullElement.err());
    expected = "query_id 7: q has length 3; expected d = 4, the length of k in the token rows";
    Assertions.assertTrue(
        shortQuery.err().contains(expected), expected + " in " + shortQuery.err());
  }

  private String[] queryRun(String input, String name, Double[] q) {
    String queries = root.resolve(name).toString();
    CorpusWriter.writeTokens(
        spark()
            .createDataFrame(List.of(RowFactory.create("doc", 0, 0, 7L, q)), TokenRows.QUERY_SCHEMA)
            .coalesce(1),
        queries,
        CorpusFormat.PARQUET);
    return new String[] {
      "evaluate",
      "--input",
      input,
      "--queries",
      queries,
      "--output",
      root.resolve(name + "-out").toString()
    };
  }

  /** Writes one sequence of 8 Gaussian tokens, d = dv = 4, and returns its path. */
  private String smallCorpus(Path path) {
    Sequence sequence = TokenFixture.gaussian("doc", 0, 0, 8, 4, 4, 0.5, new Random(5));
    return TokenFixture.write(
        spark(), path.toString(), TokenFixture.rows(List.of(sequence), 1), 1, CorpusFormat.PARQUET);
  }

  private static void assertOverlapRejected(Result run, String expected) {
    assertEquals(2, run.exit(), "exit code; stderr:\n" + run.err());
    String message = "error: Invalid value for option '--output': " + expected + "; expected a";
    Assertions.assertTrue(
        run.err().startsWith(message), "expected " + message + " in\n" + run.err());
  }

  /** Returns every path below {@code dir}, relative and sorted, hidden temporary ones included. */
  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private record Result(int exit, String out, String err) {}

  private static Result execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = SataJobs.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }
}
