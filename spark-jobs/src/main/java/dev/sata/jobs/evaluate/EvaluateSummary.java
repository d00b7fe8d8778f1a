package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.datasets.ValidationReport;
import dev.sata.jobs.common.Reports;
import dev.sata.jobs.common.TermList;
import dev.sata.kernel.CostModel;
import dev.sata.kernel.ErrorStats;
import dev.sata.kernel.LogitRange;
import dev.sata.kernel.Precision;
import dev.sata.kernel.TruncationBound;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import scala.Tuple2;

/**
 * The driver-side figures of a run: configuration, counts, error statistics per {@code P} overall
 * and per layer and head, cost figures and the logit range; written as {@code summary.json} and
 * {@code summary.csv}.
 */
final class EvaluateSummary {

  /** Source of the logit range, stated next to it in every report. */
  static final String LOGIT_RANGE_SOURCE =
      "minimum and maximum of q.k/c over every (query, key) pair of the exact softmax evaluations";

  /** Rule for non-positive Taylor denominators, stated next to the error figures. */
  static final String DENOMINATOR_RULE =
      "queries whose Taylor denominator Z is <= 0 (or NaN) for a P are counted in"
          + " nonpositive_denominators and left out of that P's error statistics";

  /** A layer and head of the model. */
  @DefaultSerializer(JavaSerializer.class)
  record LayerHead(int layer, int head) implements Serializable, Comparable<LayerHead> {
    @Override
    public int compareTo(LayerHead other) {
      int byLayer = Integer.compare(layer, other.layer);
      return byLayer != 0 ? byLayer : Integer.compare(head, other.head);
    }
  }

  /**
   * The figures of one {@code P}.
   *
   * @param terms {@code P}
   * @param errors error statistics over every exact-evaluated query with {@code Z > 0}
   * @param nonPositive queries with {@code Z <= 0}
   * @param stateNumbers {@code D (dv + 1)}, exact: the pairwise route reports a {@code P} whose
   *     state exceeds the long range
   * @param stateBytes the state in bytes at the chosen precision
   * @param flopsPerQuery state-route flops per query
   * @param flopsPerKey state-route flops per key
   * @param crossoverLength context length from which exact softmax costs more per query
   * @param weightBound {@code exp(S) S^P / P!} at {@code S = max |s|}
   * @param relativeWeightBound {@code S^P / P!}
   */
  record TermFigures(
      int terms,
      ErrorStats errors,
      long nonPositive,
      BigInteger stateNumbers,
      BigInteger stateBytes,
      double flopsPerQuery,
      double flopsPerKey,
      BigInteger crossoverLength,
      double weightBound,
      double relativeWeightBound) {}

  final EvaluateOptions options;
  final EvaluationConfig config;
  final ValidationReport report;
  final Map<SequenceKey, SequencePlan> plans;
  final Map<LayerHead, SequenceMetrics> perLayerHead;
  final SequenceMetrics total;
  final LogitSpread spread;
  final double wallSeconds;

  private EvaluateSummary(
      EvaluateOptions options,
      EvaluationConfig config,
      ValidationReport report,
      Map<SequenceKey, SequencePlan> plans,
      Map<LayerHead, SequenceMetrics> perLayerHead,
      SequenceMetrics total,
      LogitSpread spread,
      double wallSeconds) {
    this.options = options;
    this.config = config;
    this.report = report;
    this.plans = plans;
    this.perLayerHead = perLayerHead;
    this.total = total;
    this.spread = spread;
    this.wallSeconds = wallSeconds;
  }

  /**
   * Runs the per-layer-and-head aggregation and returns the summary.
   *
   * @param spread where the largest logit sits, from the written metrics table
   */
  static EvaluateSummary compute(
      EvaluatePipeline.Evaluation evaluation,
      EvaluateOptions options,
      ValidationReport report,
      LogitSpread spread,
      long startNanos) {
    int termCount = evaluation.config().terms().length;
    Map<LayerHead, SequenceMetrics> perLayerHead =
        new TreeMap<>(
            evaluation
                .perSequence()
                .mapToPair(
                    entry ->
                        new Tuple2<>(
                            new LayerHead(entry._1().layer(), entry._1().head()), entry._2()))
                .aggregateByKey(
                    new SequenceMetrics(termCount), SequenceMetrics::merge, SequenceMetrics::merge)
                .collectAsMap());
    SequenceMetrics total = new SequenceMetrics(termCount);
    perLayerHead.values().forEach(total::merge);
    double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
    return new EvaluateSummary(
        options,
        evaluation.config(),
        report,
        evaluation.plans(),
        perLayerHead,
        total,
        spread,
        wallSeconds);
  }

  /** Returns the figures of every requested {@code P}, ascending. */
  List<TermFigures> termFigures() {
    List<TermFigures> figures = new ArrayList<>();
    int[] terms = config.terms();
    double maxAbs = total.logits().maxAbs();
    int width = config.precision() == Precision.FLOAT32 ? Float.BYTES : Double.BYTES;
    for (int r = 0; r < terms.length; r++) {
      int p = terms[r];
      BigInteger numbers = CostModel.exactStateSize(config.d(), config.dv(), p);
      figures.add(
          new TermFigures(
              p,
              total.errors(r),
              total.nonPositive(r),
              numbers,
              numbers.multiply(BigInteger.valueOf(width)),
              CostModel.flopsPerQuery(config.d(), config.dv(), p),
              CostModel.flopsPerKey(config.d(), config.dv(), p),
              CostModel.exactCrossoverLength(config.d(), config.dv(), p),
              TruncationBound.weightErrorBound(maxAbs, p),
              TruncationBound.relativeWeightErrorBound(maxAbs, p)));
    }
    return figures;
  }

  /** Returns the number of evaluated sequences on each route. */
  Map<String, Long> routeCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("pairwise", 0L);
    counts.put("state", 0L);
    for (SequencePlan plan : plans.values()) {
      if (plan.evaluated()) {
        counts.merge(EvaluatePipeline.routeName(plan), 1L, Long::sum);
      }
    }
    return counts;
  }

  /** Returns the route(s) that produced the Taylor figures, e.g. "pairwise" or "pairwise+state". */
  String routesUsed() {
    List<String> used = new ArrayList<>();
    routeCounts()
        .forEach(
            (route, count) -> {
              if (count > 0) {
                used.add(route);
              }
            });
    return used.isEmpty() ? "none" : String.join("+", used);
  }

  /** Returns whether any sequence went through the state route, where precision and weights act. */
  boolean stateRouteUsed() {
    return routeCounts().get("state") > 0;
  }

  /**
   * Returns the command that reproduces this run: every option with its effective value, defaults
   * and the scale {@code c} filled in, and each flag that was set.
   */
  String commandLine() {
    List<String> words = new ArrayList<>(List.of("evaluate"));
    if (options.documents() != null) {
      addOption(words, "--documents", options.documents());
    } else {
      addOption(words, "--input", options.input());
    }
    addOption(words, "--format", options.format().optionValue());
    if (options.queries() != null) {
      addOption(words, "--queries", options.queries());
    }
    addOption(words, "--taylor-terms", TermList.format(config.terms()));
    addFlag(words, "--causal", options.causal());
    addOption(words, "--scale", config.scale());
    addOption(words, "--chunk-size", config.chunkSize());
    addOption(words, "--exact", options.exactAll() ? "all" : options.exactCount());
    addOption(words, "--seed", options.seed());
    addFlag(words, "--emit-outputs", options.emitOutputs());
    addOption(words, "--output-format", options.outputFormat());
    addOption(words, "--output", options.output());
    addFlag(words, "--overwrite", options.overwrite());
    addOption(words, "--precision", config.precision().name().toLowerCase(Locale.ROOT));
    addOption(words, "--weights", weightsName());
    addOption(words, "--route", options.route().name().toLowerCase(Locale.ROOT));
    addFlag(words, "--strict-positions", options.strictPositions());
    return String.join(" ", words);
  }

  private static void addOption(List<String> words, String option, Object value) {
    words.add(option);
    words.add(shellWord(String.valueOf(value)));
  }

  private static void addFlag(List<String> words, String flag, boolean set) {
    if (set) {
      words.add(flag);
    }
  }

  /** Quotes a word for a POSIX shell when it contains anything but safe characters. */
  private static String shellWord(String text) {
    if (!text.isEmpty() && text.matches("[A-Za-z0-9_./:=,+@%-]+")) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** Returns the configuration block of the summary, starting with the command line. */
  Map<String, Object> configuration() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("command", commandLine());
    c.put("input", options.inputLabel());
    c.put("format", options.format().optionValue());
    c.put("query_file", options.queries() == null ? "none (self-attention)" : options.queries());
    c.put("attention", options.causal() ? "causal" : "non-causal");
    c.put("taylor_terms", Arrays.stream(config.terms()).boxed().toList());
    c.put("d", config.d());
    c.put("dv", config.dv());
    c.put("scale", config.scale());
    c.put("scale_source", options.scale() == null ? "default sqrt(d)" : "--scale");
    c.put("chunk_size", config.chunkSize());
    c.put("exact", options.exactAll() ? "all" : String.valueOf(options.exactCount()));
    c.put("seed", options.seed());
    c.put("route_option", options.route().name().toLowerCase(Locale.ROOT));
    c.put("routes", routeCounts());
    String stateOnly =
        stateRouteUsed() ? " (state route only)" : " (state route only, not used in this run)";
    c.put("precision", config.precision().name().toLowerCase(Locale.ROOT) + stateOnly);
    c.put("weights", weightsName() + stateOnly);
    c.put("strict_positions", options.strictPositions());
    return c;
  }

  String weightsName() {
    return config.placement().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns the counts block of the summary. {@code token_rows} counts rows (tokens x layers x
   * heads); {@code layers} and {@code heads} count the input, like {@code sequences}.
   */
  Map<String, Object> counts() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("token_rows", report.rows());
    c.put("seq_ids", report.sequences());
    c.put("sequences", report.keys());
    c.put("evaluated_sequences", plans.values().stream().filter(SequencePlan::evaluated).count());
    c.put("layers", plans.keySet().stream().map(SequenceKey::layer).distinct().count());
    c.put("heads", plans.keySet().stream().map(SequenceKey::head).distinct().count());
    c.put("queries_evaluated", total.queries());
    c.put("exact_evaluated_positions", total.exactQueries());
    c.put("position_gaps", report.gapCount());
    return c;
  }

  /** Returns the logit range block of the summary. */
  Map<String, Object> logitRange() {
    LogitRange logits = total.logits();
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("min", logits.count() == 0 ? Double.NaN : logits.min());
    range.put("max", logits.count() == 0 ? Double.NaN : logits.max());
    range.put("max_abs", logits.maxAbs());
    range.put("max_abs_sequence", spread.maxKey() == null ? null : keyJson(spread.maxKey()));
    range.put("median_of_sequence_max_abs", spread.median());
    range.put("sequences_with_logits", spread.sequences());
    range.put("source", LOGIT_RANGE_SOURCE);
    return range;
  }

  private static Map<String, Object> keyJson(SequenceKey key) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seq_id", key.seqId());
    json.put("layer", key.layer());
    json.put("head", key.head());
    return json;
  }

  /**
   * Returns, per requested {@code P} with at least one {@code Z <= 0}, e.g. "P=2: 62% excluded";
   * the share is of the queries evaluated. Empty when every {@code P} covers the same queries.
   */
  List<String> exclusions() {
    List<String> parts = new ArrayList<>();
    int[] terms = config.terms();
    for (int r = 0; r < terms.length; r++) {
      long excluded = total.nonPositive(r);
      if (excluded > 0) {
        double percent = 100.0 * excluded / Math.max(1, total.queries());
        parts.add(String.format(Locale.ROOT, "P=%d: %.3g%% excluded", terms[r], percent));
      }
    }
    return parts;
  }

  /** Returns the whole summary as ordered maps and lists, for JSON. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("configuration", configuration());
    json.put("counts", counts());
    json.put("logit_range", logitRange());
    json.put("error_rule", DENOMINATOR_RULE);
    List<Map<String, Object>> perTerms = new ArrayList<>();
    for (TermFigures figures : termFigures()) {
      perTerms.add(termJson(figures));
    }
    json.put("per_terms", perTerms);
    json.put("wall_time_seconds", wallSeconds);
    return json;
  }

  private Map<String, Object> termJson(TermFigures f) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("taylor_terms", f.terms());
    t.put("routes", routesUsed());
    t.put("errors", errorJson(f.errors()));
    t.put("nonpositive_denominators", f.nonPositive());
    t.put("state_size_numbers", f.stateNumbers());
    t.put("state_size_bytes", f.stateBytes());
    t.put("flops_per_query", f.flopsPerQuery());
    t.put("flops_per_key", f.flopsPerKey());
    t.put("crossover_length", f.crossoverLength());
    t.put("truncation_bound_at_max_abs_logit", f.weightBound());
    t.put("relative_truncation_bound_at_max_abs_logit", f.relativeWeightBound());
    return t;
  }

  static Map<String, Object> errorJson(ErrorStats e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", e.count());
    m.put("mean_abs", e.meanAbsolute());
    m.put("max_abs", e.maxAbsolute());
    m.put("p50_abs", e.percentileAbsolute(0.5));
    m.put("p90_abs", e.percentileAbsolute(0.9));
    m.put("p99_abs", e.percentileAbsolute(0.99));
    m.put("mean_rel", e.meanRelative());
    m.put("max_rel", e.maxRelative());
    m.put("p50_rel", e.percentileRelative(0.5));
    m.put("p90_rel", e.percentileRelative(0.9));
    m.put("p99_rel", e.percentileRelative(0.99));
    m.put("mean_cosine", e.meanCosine());
    m.put("min_cosine", e.minCosine());
    return m;
  }

  /** Returns {@code summary.csv}: one row per {@code P}. */
  String toCsv() {
    List<String> header =
        List.of(
            "taylor_terms",
            "routes",
            "attention",
            "scale",
            "chunk_size",
            "precision",
            "weights",
            "queries",
            "exact_queries",
            "error_count",
            "nonpositive_denominators",
            "mean_abs_error",
            "max_abs_error",
            "p50_abs_error",
            "p90_abs_error",
            "p99_abs_error",
            "mean_rel_error",
            "max_rel_error",
            "p50_rel_error",
            "p90_rel_error",
            "p99_rel_error",
            "mean_cosine",
            "min_cosine",
            "logit_min",
            "logit_max",
            "logit_max_abs",
            "state_size_numbers",
            "state_size_bytes",
            "flops_per_query",
            "flops_per_key",
            "crossover_length",
            "truncation_bound_at_max_abs_logit");
    LogitRange logits = total.logits();
    List<List<?>> rows = new ArrayList<>();
    for (TermFigures f : termFigures()) {
      ErrorStats e = f.errors();
      rows.add(
          List.of(
              f.terms(),
              routesUsed(),
              options.causal() ? "causal" : "non-causal",
              config.scale(),
              config.chunkSize(),
              config.precision().name().toLowerCase(Locale.ROOT),
              weightsName(),
              total.queries(),
              total.exactQueries(),
              e.count(),
              f.nonPositive(),
              e.meanAbsolute(),
              e.maxAbsolute(),
              e.percentileAbsolute(0.5),
              e.percentileAbsolute(0.9),
              e.percentileAbsolute(0.99),
              e.meanRelative(),
              e.maxRelative(),
              e.percentileRelative(0.5),
              e.percentileRelative(0.9),
              e.percentileRelative(0.99),
              e.meanCosine(),
              e.minCosine(),
              logits.min(),
              logits.max(),
              logits.maxAbs(),
              f.stateNumbers(),
              f.stateBytes(),
              f.flopsPerQuery(),
              f.flopsPerKey(),
              f.crossoverLength(),
              f.weightBound()));
    }
    return Reports.csv(header, rows);
  }
}
