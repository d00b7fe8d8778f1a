package dev.sata.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sata.datasets.CorpusFormat;
import dev.sata.jobs.common.SparkTestBase;
import dev.sata.jobs.evaluate.EvaluateOptions.RouteChoice;
import dev.sata.jobs.evaluate.TokenFixture.Output;
import dev.sata.jobs.evaluate.TokenFixture.OutputKey;
import dev.sata.jobs.evaluate.TokenFixture.Sequence;
import dev.sata.kernel.Precision;
import dev.sata.kernel.WeightPlacement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End-to-end runs of {@link EvaluateJob} on small real Parquet and JSON files in local Spark,
 * checked against the kernel's direct evaluation: {@code T_P(q.k/c)} for every pair, normalised,
 * and exact softmax.
 */
class EvaluateJobTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final int[] TERMS = {2, 3, 4, 6};
  private static final double TOLERANCE = 1e-9;
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir Path root;

  /** Two sequences of 40 tokens, d = 4, dv = 3, on two layer and head pairs. */
  private static List<Sequence> twoSequences() {
    Random random = new Random(7);
    return List.of(
        TokenFixture.gaussian("doc-a", 0, 1, 40, 4, 3, 0.7, random),
        TokenFixture.gaussian("doc-b", 1, 0, 40, 4, 3, 0.7, random));
  }

  @ParameterizedTest(name = "causal state route, chunk size {0}, {1} input files")
  @CsvSource({
    "1, 1", "1, 3", "1, 8", "7, 1", "7, 3", "7, 8", "64, 1", "64, 3", "64, 8", "4096, 1", "4096, 3",
    "4096, 8"
  })
  void causalStateRouteMatchesDirectAcrossChunksAndFiles(int chunkSize, int files) {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, files, CorpusFormat.PARQUET);

    EvaluateResult result =
        run(options(input).causal(true).chunkSize(chunkSize).route(RouteChoice.STATE).fanout(4));

    assertMatchesDirect(result, sequences, true, "chunk " + chunkSize + ", files " + files);
  }

  @ParameterizedTest(name = "{0} route, causal {1}, chunk size {2}")
  @CsvSource({
    "STATE, false, 1", "STATE, false, 7", "STATE, false, 4096", "PAIRWISE, false, 7",
    "PAIRWISE, true, 7", "PAIRWISE, true, 1", "AUTO, false, 64", "AUTO, true, 64"
  })
  void routesMatchDirectEvaluation(RouteChoice route, boolean causal, int chunkSize) {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 3, CorpusFormat.JSON);

    EvaluateResult result =
        run(
            options(input)
                .format(CorpusFormat.JSON)
                .causal(causal)
                .chunkSize(chunkSize)
                .route(route)
                .fanout(2)
                .maxSalts(3));

    assertMatchesDirect(result, sequences, causal, route + ", chunk " + chunkSize);
  }

  @Test
  void stateAndPairwiseRoutesAgree() {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 3, CorpusFormat.PARQUET);

    for (boolean causal : new boolean[] {false, true}) {
      EvaluateResult stateRun =
          run(options(input).causal(causal).chunkSize(9).route(RouteChoice.STATE));
      EvaluateResult pairwiseRun =
          run(options(input).causal(causal).chunkSize(9).route(RouteChoice.PAIRWISE));
      Map<OutputKey, Output> state = outputs(stateRun);
      Map<OutputKey, Output> pairwise = outputs(pairwiseRun);

      // precision and weights only describe the state route
      String stateReport = report(stateRun);
      String pairwiseReport = report(pairwiseRun);
      Assertions.assertTrue(
          stateReport.contains(
              "Configuration: "
                  + (causal ? "causal" : "non-causal")
                  + ", route state, c = 2.000, chunk 9, float64 state, split weights, d = 4"),
          "state-route configuration line:\n" + stateReport);
      Assertions.assertTrue(
          pairwiseReport.contains("route pairwise, c = 2.000, chunk 9, d = 4, dv = 3."),
          "pairwise-route configuration line without precision:\n" + pairwiseReport);
      Assertions.assertFalse(
          pairwiseReport.contains("float64 state"), "pairwise report:\n" + pairwiseReport);

      assertEquals(state.size(), pairwise.size(), "output rows, causal " + causal);
      for (Map.Entry<OutputKey, Output> entry : state.entrySet()) {
        Output other = pairwise.get(entry.getKey());
        assertNotNull(other, "pairwise output for " + entry.getKey());
        assertRelative(
            other.ySata(),
            entry.getValue().ySata(),
            TOLERANCE,
            "state vs pairwise " + entry.getKey());
      }
    }
  }

  @Test
  void longSequenceWithRaggedLastChunk() {
    Sequence sequence = TokenFixture.gaussian("long", 0, 0, 1334, 4, 4, 0.5, new Random(11));
    String input = write(List.of(sequence), 3, CorpusFormat.PARQUET);

    EvaluateResult state =
        run(options(input).causal(true).chunkSize(83).route(RouteChoice.STATE).terms(2, 5));
    EvaluateResult pairwise =
        run(options(input).causal(true).chunkSize(83).route(RouteChoice.PAIRWISE).terms(2, 5));

    assertMatchesDirect(state, List.of(sequence), true, new int[] {2, 5}, "state, 1334 / 83");
    assertMatchesDirect(pairwise, List.of(sequence), true, new int[] {2, 5}, "pairwise, 1334 / 83");
  }

  @Test
  void prefixStateCarriedAcrossEveryChunkBoundary() {
    Sequence sequence = TokenFixture.gaussian("split", 0, 0, 30, 4, 3, 0.7, new Random(3));
    String input = write(List.of(sequence), 4, CorpusFormat.PARQUET);
    double scale = 2.0;

    for (int chunkSize : new int[] {1, 7}) {
      Map<OutputKey, Output> outputs =
          outputs(
              run(
                  options(input)
                      .causal(true)
                      .chunkSize(chunkSize)
                      .route(RouteChoice.STATE)
                      .terms(3)));

      // every chunk after the first must see the whole prefix, not only its own keys
      double[] whole = TokenFixture.direct(sequence, 3, scale, true, null);
      for (int t = chunkSize; t < sequence.length(); t++) {
        double[] actual = outputs.get(new OutputKey(sequence.key(), t, 3)).ySata();
        double[] expected = slice(whole, t, 3);
        double[] chunkOnly = chunkOnlyOutput(sequence, t, chunkSize, scale);
        assertRelative(actual, expected, TOLERANCE, "pos " + t + ", chunk size " + chunkSize);
        Assertions.assertTrue(
            relativeError(chunkOnly, expected) > 1e-6,
            "pos "
                + t
                + ": the chunk-only output should differ from the prefix output, else the test"
                + " cannot catch a lost prefix");
      }
    }
  }

  @ParameterizedTest(name = "{0} route with gaps in positions")
  @CsvSource({"STATE", "PAIRWISE"})
  void gapsInPositionsGiveRaggedChunks(RouteChoice route) {
    // positions 0..9 and 50..59: chunks 0, 1, 10 and 11 of size 5, none in between
    Sequence dense = TokenFixture.gaussian("gaps", 0, 0, 20, 4, 3, 0.7, new Random(13));
    long[] positions = new long[20];
    for (int t = 0; t < 20; t++) {
      positions[t] = t < 10 ? t : 40 + t;
    }
    Sequence sequence =
        new Sequence("gaps", 0, 0, 4, 3, positions, dense.queries(), dense.keys(), dense.values());
    String input = write(List.of(sequence), 2, CorpusFormat.PARQUET);

    EvaluateResult result = run(options(input).causal(true).chunkSize(5).route(route));

    assertMatchesDirect(result, List.of(sequence), true, route + " with gaps");
  }

  @Test
  void causalAndNonCausalDiffer() {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 1, CorpusFormat.PARQUET);

    Map<OutputKey, Output> causal = outputs(run(options(input).causal(true).terms(3)));
    Map<OutputKey, Output> nonCausal = outputs(run(options(input).causal(false).terms(3)));

    OutputKey first = new OutputKey(sequences.get(0).key(), 0, 3);
    double difference = relativeError(causal.get(first).ySata(), nonCausal.get(first).ySata());
    Assertions.assertTrue(
        difference > 1e-3, "pos 0: causal and non-causal differ by only " + difference);
    assertRelative(
        causal.get(first).ySata(),
        slice(sequences.get(0).values(), 0, 3),
        TOLERANCE,
        "causal pos 0 sees only its own value");
  }

  @Test
  void queryFileAgainstKeysNonCausal() {
    Random random = new Random(5);
    Sequence keys = TokenFixture.gaussian("ctx", 2, 3, 5, 4, 3, 0.8, random);
    double[] queries = new double[3 * 4];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = 0.8 * random.nextGaussian();
    }
    String input = writeKeyOnly(keys);
    String queryFile = writeQueries(keys, queries);

    EvaluateResult result =
        run(options(input).queries(queryFile).terms(2, 4).route(RouteChoice.PAIRWISE));
    EvaluateResult stateResult =
        run(options(input).queries(queryFile).terms(2, 4).route(RouteChoice.STATE));

    for (EvaluateResult r : List.of(result, stateResult)) {
      Map<OutputKey, Output> outputs = TokenFixture.readOutputs(spark(), r.outputDir(), "query_id");
      assertEquals(6, outputs.size(), "3 queries x 2 P");
      double[] exact =
          dev.sata.kernel.ExactAttention.nonCausal(
              queries, 3, keys.keys(), keys.values(), 5, 4, 3, 2.0);
      for (int p : new int[] {2, 4}) {
        double[] expected =
            dev.sata.kernel.TaylorSeries.directOutputs(
                queries, null, 3, keys.keys(), keys.values(), null, 5, 4, 3, 2.0, p, false, null);
        for (int i = 0; i < 3; i++) {
          Output output = outputs.get(new OutputKey(keys.key(), 100 + i, p));
          assertNotNull(output, "query_id " + (100 + i) + ", P " + p);
          assertRelative(output.ySata(), slice(expected, i, 3), TOLERANCE, "query " + i);
          assertRelative(output.yExact(), slice(exact, i, 3), 1e-12, "exact query " + i);
        }
      }
      assertEquals(3L, r.queries(), "queries evaluated");
    }
  }

  @Test
  void nonPositiveDenominatorsCountedForEvenP() {
    // q = 3 e0 and k = -3 e0 give s = -9 / 2 = -4.5 for every pair: T_2 < 0, T_3 > 0
    int n = 12;
    double[] q = new double[n * 4];
    double[] k = new double[n * 4];
    for (int t = 0; t < n; t++) {
      q[t * 4] = 3;
      k[t * 4] = -3;
    }
    Random random = new Random(9);
    double[] v = new double[n * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    long[] positions = new long[n];
    for (int t = 0; t < n; t++) {
      positions[t] = t;
    }
    Sequence sequence = new Sequence("neg", 0, 0, 4, 3, positions, q, k, v);
    String input = write(List.of(sequence), 1, CorpusFormat.PARQUET);

    EvaluateResult result = run(options(input).terms(2, 3).chunkSize(5));

    assertEquals(n, result.nonPositiveDenominators()[0], "P = 2: every Z is 1 + s < 0");
    assertEquals(0, result.nonPositiveDenominators()[1], "P = 3: Z = 1 + s + s^2/2 > 0");
    List<?> perTerms = (List<?>) result.summary().get("per_terms");
    Map<?, ?> first = (Map<?, ?>) perTerms.get(0);
    assertEquals(12L, ((Number) first.get("nonpositive_denominators")).longValue(), "summary P=2");
    Map<?, ?> errors = (Map<?, ?>) first.get("errors");
    assertEquals(0L, ((Number) errors.get("count")).longValue(), "P = 2 has no error statistics");
  }

  @Test
  void exactSampleIsDeterministicPerSequence() {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 3, CorpusFormat.PARQUET);

    Map<OutputKey, Output> first =
        outputs(run(options(input).exactCount(5).seed(17).chunkSize(7).terms(3)));
    Map<OutputKey, Output> second =
        outputs(run(options(input).exactCount(5).seed(17).chunkSize(64).terms(3)));
    Map<OutputKey, Output> stateRoute =
        outputs(
            run(
                options(input)
                    .exactCount(5)
                    .seed(17)
                    .chunkSize(7)
                    .terms(3)
                    .route(RouteChoice.STATE)));

    for (Sequence s : sequences) {
      int sampled = 0;
      for (int t = 0; t < s.length(); t++) {
        OutputKey key = new OutputKey(s.key(), t, 3);
        boolean exact = first.get(key).yExact() != null;
        sampled += exact ? 1 : 0;
        assertEquals(exact, second.get(key).yExact() != null, "same sample at " + key);
        assertEquals(exact, stateRoute.get(key).yExact() != null, "state route sample " + key);
      }
      assertEquals(5, sampled, "sampled positions of " + s.key());
    }
  }

  @Test
  void jsonOutputsKeepNullExact() throws java.io.IOException {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 2, CorpusFormat.PARQUET);

    EvaluateResult result =
        run(options(input).exactCount(5).seed(4).terms(2, 3).outputFormat("json"));

    // 2 sequences x 40 queries x 2 P, of which 2 x 5 x 2 carry an exact output
    List<String> lines = jsonLines(java.nio.file.Path.of(result.outputDir(), "outputs"));
    assertEquals(160, lines.size(), "output rows");
    long withField = lines.stream().filter(line -> line.contains("\"y_exact\":")).count();
    long nulls = lines.stream().filter(line -> line.contains("\"y_exact\":null")).count();
    assertEquals(160, withField, "rows with a y_exact field");
    assertEquals(140, nulls, "rows with y_exact null");
    List<String> metrics = jsonLines(java.nio.file.Path.of(result.outputDir(), "metrics", "json"));
    assertEquals(4, metrics.size(), "metrics rows: 2 sequences x 2 P");
  }

  @Test
  void queryFileCountsInputLayersAndHeads() {
    // keys on (layer 2, head 3) and (layer 1, head 0); the query file covers only the first
    Random random = new Random(8);
    Sequence keys = TokenFixture.gaussian("ctx", 2, 3, 5, 4, 3, 0.8, random);
    Sequence other = TokenFixture.gaussian("ctx", 1, 0, 5, 4, 3, 0.8, random);
    double[] queries = new double[3 * 4];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = 0.8 * random.nextGaussian();
    }
    String input = write(List.of(keys, other), 1, CorpusFormat.PARQUET);
    String queryFile = writeQueries(keys, queries);

    EvaluateResult result = run(options(input).queries(queryFile).terms(2));

    Map<?, ?> counts = (Map<?, ?>) result.summary().get("counts");
    assertEquals(2L, ((Number) counts.get("sequences")).longValue(), "sequences in the input");
    assertEquals(1L, ((Number) counts.get("evaluated_sequences")).longValue(), "evaluated");
    assertEquals(2L, ((Number) counts.get("layers")).longValue(), "layers in the input");
    assertEquals(2L, ((Number) counts.get("heads")).longValue(), "heads in the input");
    assertEquals(3L, ((Number) counts.get("queries_evaluated")).longValue(), "queries evaluated");
    assertEquals(10L, ((Number) counts.get("token_rows")).longValue(), "token rows");
    Map<?, ?> configuration = (Map<?, ?>) result.summary().get("configuration");
    assertEquals(queryFile, configuration.get("query_file"), "query_file setting");
  }

  @Test
  void float32StateAndKeySideWeightsStayClose() {
    List<Sequence> sequences = twoSequences();
    String input = write(sequences, 2, CorpusFormat.PARQUET);

    EvaluateResult float32 =
        run(options(input).route(RouteChoice.STATE).precision(Precision.FLOAT32).chunkSize(16));
    EvaluateResult keySide =
        run(
            options(input)
                .route(RouteChoice.STATE)
                .weights(WeightPlacement.KEY_SIDE)
                .chunkSize(16));

    assertMatchesDirect(float32, sequences, false, TERMS, 1e-4, "float32 state");
    assertMatchesDirect(keySide, sequences, false, TERMS, TOLERANCE, "key-side weights");
  }

  @Test
  void rowOrderInTheInputDoesNotMatter() {
    List<Sequence> sequences = twoSequences();
    String ordered =
        TokenFixture.write(
            spark(), newPath("ordered"), TokenFixture.rows(sequences, 1), 1, CorpusFormat.PARQUET);
    String shuffled =
        TokenFixture.write(
            spark(), newPath("shuffled"), TokenFixture.rows(sequences, 2), 1, CorpusFormat.PARQUET);

    Map<OutputKey, Output> a = outputs(run(options(ordered).causal(true).chunkSize(7)));
    Map<OutputKey, Output> b = outputs(run(options(shuffled).causal(true).chunkSize(7)));

    for (Map.Entry<OutputKey, Output> entry : a.entrySet()) {
      assertRelative(
          b.get(entry.getKey()).ySata(), entry.getValue().ySata(), TOLERANCE, "" + entry.getKey());
    }
  }

  // ---- helpers ----

  private EvaluateOptions.Builder options(String input) {
    return EvaluateOptions.builder()
        .input(input)
        .terms(TERMS)
        .emitOutputs(true)
        .output(newPath("out"));
  }

  private EvaluateResult run(EvaluateOptions.Builder builder) {
    return EvaluateJob.run(spark(), builder.build());
  }

  private Map<OutputKey, Output> outputs(EvaluateResult result) {
    return TokenFixture.readOutputs(spark(), result.outputDir(), "pos");
  }

  private String write(List<Sequence> sequences, int files, CorpusFormat format) {
    return TokenFixture.write(
        spark(), newPath("tokens"), TokenFixture.rows(sequences, 99), files, format);
  }

  private String writeKeyOnly(Sequence keys) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int t = 0; t < keys.length(); t++) {
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              keys.seqId(),
              keys.layer(),
              keys.head(),
              (long) t,
              null,
              TokenFixture.slice(keys.keys(), t, 4),
              TokenFixture.slice(keys.values(), t, 3)));
    }
    return TokenFixture.write(spark(), newPath("keys"), rows, 2, CorpusFormat.PARQUET);
  }

  private String writeQueries(Sequence keys, double[] queries) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              keys.seqId(),
              keys.layer(),
              keys.head(),
              100L + i,
              TokenFixture.slice(queries, i, 4)));
    }
    String path = newPath("queries");
    dev.sata.datasets.CorpusWriter.writeTokens(
        spark().createDataFrame(rows, dev.sata.datasets.TokenRows.QUERY_SCHEMA),
        path,
        CorpusFormat.PARQUET);
    return path;
  }

  private static String report(EvaluateResult result) {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(result.outputDir(), "report.md"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Returns the lines of every JSON part file below {@code dir}. */
  private static List<String> jsonLines(java.nio.file.Path dir) throws java.io.IOException {
    List<String> lines = new java.util.ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        lines.addAll(java.nio.file.Files.readAllLines(file));
      }
    }
    return lines;
  }

  private String newPath(String name) {
    return root.resolve(name + "-" + RUNS.incrementAndGet()).toString();
  }

  private void assertMatchesDirect(
      EvaluateResult result, List<Sequence> sequences, boolean causal, String context) {
    assertMatchesDirect(result, sequences, causal, TERMS, TOLERANCE, context);
  }

  private void assertMatchesDirect(
      EvaluateResult result,
      List<Sequence> sequences,
      boolean causal,
      int[] terms,
      String context) {
    assertMatchesDirect(result, sequences, causal, terms, TOLERANCE, context);
  }

  private void assertMatchesDirect(
      EvaluateResult result,
      List<Sequence> sequences,
      boolean causal,
      int[] terms,
      double tolerance,
      String context) {
    Map<OutputKey, Output> outputs = outputs(result);
    for (Sequence s : sequences) {
      double scale = Math.sqrt(s.d());
      double[] exact = TokenFixture.exact(s, scale, causal);
      for (int p : terms) {
        double[] denominators = new double[s.length()];
        double[] direct = TokenFixture.direct(s, p, scale, causal, denominators);
        for (int t = 0; t < s.length(); t++) {
          String where = context + ", " + s.key() + ", pos " + t + ", P " + p;
          Output output = outputs.get(new OutputKey(s.key(), s.positions()[t], p));
          assertNotNull(output, "missing output at " + where);
          assertRelative(output.ySata(), slice(direct, t, s.dv()), tolerance, where);
          assertEquals(
              denominators[t],
              output.denominator(),
              tolerance * Math.abs(denominators[t]),
              "denominator at " + where);
          assertRelative(output.yExact(), slice(exact, t, s.dv()), 1e-12, "exact at " + where);
        }
      }
    }
    assertEquals(sequences.stream().mapToLong(Sequence::length).sum(), result.queries(), "queries");
  }

  /** Returns the causal direct output of position t using only the keys of its own chunk. */
  private static double[] chunkOnlyOutput(Sequence s, int t, int chunkSize, double scale) {
    int start = (t / chunkSize) * chunkSize;
    int n = t - start + 1;
    double[] q = java.util.Arrays.copyOfRange(s.queries(), t * s.d(), (t + 1) * s.d());
    double[] k = java.util.Arrays.copyOfRange(s.keys(), start * s.d(), (t + 1) * s.d());
    double[] v = java.util.Arrays.copyOfRange(s.values(), start * s.dv(), (t + 1) * s.dv());
    return dev.sata.kernel.TaylorSeries.directOutputs(
        q, null, 1, k, v, null, n, s.d(), s.dv(), scale, 3, false, null);
  }

  private static double[] slice(double[] values, int row, int width) {
    return java.util.Arrays.copyOfRange(values, row * width, (row + 1) * width);
  }

  private static double relativeError(double[] actual, double[] expected) {
    double difference = 0;
    double norm = 0;
    for (int j = 0; j < expected.length; j++) {
      difference += (actual[j] - expected[j]) * (actual[j] - expected[j]);
      norm += expected[j] * expected[j];
    }
    return Math.sqrt(difference) / Math.max(Math.sqrt(norm), Double.MIN_NORMAL);
  }

  private static void assertRelative(
      double[] actual, double[] expected, double tolerance, String where) {
    assertNotNull(actual, "no output at " + where);
    assertEquals(expected.length, actual.length, "length at " + where);
    double error = relativeError(actual, expected);
    Assertions.assertTrue(
        error <= tolerance,
        where
            + ": relative error "
            + error
            + " > "
            + tolerance
            + ", expected "
            + java.util.Arrays.toString(expected)
            + ", actual "
            + java.util.Arrays.toString(actual));
  }
}
