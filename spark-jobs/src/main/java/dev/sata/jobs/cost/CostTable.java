package dev.sata.jobs.cost;

import dev.sata.jobs.common.Charts;
import dev.sata.jobs.common.Reports;
import dev.sata.kernel.CostModel;
import dev.sata.kernel.SymmetricBasis;
import dev.sata.kernel.TruncationBound;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost model of Taylor attention for one head, tabulated: per {@code P} the state size, flops
 * per query and per key and the crossover length, and per {@code (P, n)} the state against a
 * key-value cache and the state-route flops against exact softmax. All counts come from {@link
 * CostModel}; a flop is one addition or one multiplication.
 *
 * <p>Sizes are exact integers at any magnitude (at {@code d = 128, P = 20}, {@code D ~ 3.7e23}),
 * flops are doubles. Each {@code P} is also marked with whether its state could be built at all:
 * {@code D} and {@code D (dv + 1)} within the maximum Java array length and {@code 8 D (dv + 1)}
 * bytes within {@code heapBytes}.
 *
 * @param d key and query size
 * @param dv value size
 * @param terms numbers of Taylor terms {@code P}, ascending
 * @param lengths context lengths {@code n}, ascending
 * @param maxLogit the largest {@code |q.k/c|} assumed for the truncation bound
 * @param heapBytes the heap a state must fit in, in bytes
 */
public record CostTable(
    int d, int dv, int[] terms, long[] lengths, double maxLogit, long heapBytes) {

  /** Integers from this magnitude on are printed in scientific notation. */
  private static final BigInteger PLAIN_LIMIT = BigInteger.TEN.pow(12);

  /** Checks the arguments; messages name the command-line option. */
  public CostTable {
    require(d >= 1, "--d", d, "an integer of at least 1");
    require(dv >= 1, "--dv", dv, "an integer of at least 1");
    require(terms.length > 0, "--taylor-terms", "", "at least one P");
    for (int p : terms) {
      require(p >= 1, "--taylor-terms", p, "P of at least 1");
    }
    for (int p : terms) {
      require(
          Double.isFinite(CostModel.flopsPerQuery(d, dv, p)),
          "--taylor-terms",
          p,
          "P whose flops per query D (2 dv + 3) stay within the double range at --d "
              + d
              + " and --dv "
              + dv);
    }
    require(lengths.length > 0, "--lengths", "", "at least one length");
    for (long n : lengths) {
      require(n >= 1, "--lengths", n, "lengths of at least 1");
    }
    require(
        Double.isFinite(maxLogit) && maxLogit >= 0,
        "--max-logit",
        maxLogit,
        "a finite number >= 0");
    require(heapBytes >= 1, "heap size", heapBytes, "at least 1 byte");
    terms = Arrays.stream(terms).sorted().distinct().toArray();
    lengths = Arrays.stream(lengths).sorted().distinct().toArray();
  }

  /** Creates the table for states that must fit in the maximum heap of this JVM. */
  public CostTable(int d, int dv, int[] terms, long[] lengths, double maxLogit) {
    this(d, dv, terms, lengths, maxLogit, Runtime.getRuntime().maxMemory());
  }

  private static void require(boolean condition, String option, Object value, String expected) {
    if (!condition) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + option + "': " + value + "; expected " + expected);
    }
  }

  /** Returns one row per {@code P}: the figures that do not depend on the context length. */
  public List<Map<String, Object>> perTerms() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int p : terms) {
      BigInteger state = CostModel.exactStateSize(d, dv, p);
      CostModel.StateFit fit = fit(p);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("taylor_terms", p);
      row.put("features_D", CostModel.exactFeatureCount(d, p));
      row.put("state_numbers", state);
      row.put("state_bytes_float64", state.multiply(BigInteger.valueOf(Double.BYTES)));
      row.put("flops_per_query", CostModel.flopsPerQuery(d, dv, p));
      row.put("flops_per_key", CostModel.flopsPerKey(d, dv, p));
      row.put("crossover_length", CostModel.exactCrossoverLength(d, dv, p));
      row.put("truncation_bound", TruncationBound.weightErrorBound(maxLogit, p));
      row.put("relative_truncation_bound", TruncationBound.relativeWeightErrorBound(maxLogit, p));
      row.put("buildable", fit.buildable());
      row.put("build_limit", fit.buildable() ? "" : fit.description());
      rows.add(row);
    }
    return rows;
  }

  /** Returns one row per {@code (P, n)}: state against KV cache and flops against softmax. */
  public List<Map<String, Object>> perLength() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int p : terms) {
      BigInteger state = CostModel.exactStateSize(d, dv, p);
      double stateFlops = CostModel.flopsPerQuery(d, dv, p);
      boolean buildable = fit(p).buildable();
      for (long n : lengths) {
        BigInteger cache = CostModel.exactKvCacheSize(n, d, dv);
        double softmax = CostModel.softmaxFlopsPerQuery(n, d, dv);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("taylor_terms", p);
        row.put("length", n);
        row.put("state_numbers", state);
        row.put("kv_cache_numbers", cache);
        row.put("state_over_kv_cache", state.doubleValue() / cache.doubleValue());
        row.put("state_flops_per_query", stateFlops);
        row.put("softmax_flops_per_query", softmax);
        row.put("state_over_softmax_flops", stateFlops / softmax);
        row.put("buildable", buildable);
        rows.add(row);
      }
    }
    return rows;
  }

  /** Returns whether the state of {@code p} terms can be built (see the class comment). */
  public CostModel.StateFit fit(int p) {
    return CostModel.stateFit(d, dv, p, heapBytes);
  }

  /** Returns the table as JSON: the inputs and limits, then both tables. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("d", d);
    json.put("dv", dv);
    json.put("max_logit", maxLogit);
    json.put("flop", "one addition or one multiplication");
    json.put("max_array_length", SymmetricBasis.MAX_ARRAY_LENGTH);
    json.put("max_heap_bytes", heapBytes);
    json.put("per_terms", perTerms());
    json.put("per_length", perLength());
    return Reports.json(json);
  }

  /** Returns CSV text of a list of rows with the same keys. */
  public static String csv(List<Map<String, Object>> rows) {
    List<String> header = new ArrayList<>(rows.get(0).keySet());
    List<List<?>> cells = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      cells.add(new ArrayList<>(row.values()));
    }
    return Reports.csv(header, cells);
  }

  /** Returns a PNG of {@link #flopsSeries} against the context length, log-log. */
  public byte[] flopsPlot() {
    return Charts.linePlot(
        String.format(Locale.ROOT, "Flops per query, one head (d = %d, dv = %d)", d, dv),
        "context length n (tokens)",
        "flops per query",
        flopsSeries(),
        true,
        true);
  }

  /**
   * Returns the flops per query of exact softmax and of the state of every {@code P} at every
   * length. The name of a {@code P} whose state cannot be built ends in {@code (cannot be built)}.
   */
  List<Charts.Series> flopsSeries() {
    double[] x = Arrays.stream(lengths).asDoubleStream().toArray();
    List<Charts.Series> series = new ArrayList<>();
    double[] softmax =
        Arrays.stream(lengths).mapToDouble(n -> CostModel.softmaxFlopsPerQuery(n, d, dv)).toArray();
    series.add(new Charts.Series("exact softmax", x, softmax));
    for (int p : terms) {
      double[] state = new double[x.length];
      Arrays.fill(state, CostModel.flopsPerQuery(d, dv, p));
      String name = "Taylor state, P = " + p + (fit(p).buildable() ? "" : " (cannot be built)");
      series.add(new Charts.Series(name, x, state));
    }
    return series;
  }

  /** Returns the printable text: both tables with aligned columns, then the build limits. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Cost of Taylor attention per head: d = %d, dv = %d, truncation bound at max |s| = %s%n%n",
            d,
            dv,
            format(maxLogit)));
    out.append(
        String.format(
            "%3s %13s %13s %13s %12s %12s %13s %12s  %s%n",
            "P",
            "D",
            "state",
            "state bytes",
            "flops/query",
            "flops/key",
            "crossover n",
            "bound",
            "buildable"));
    for (Map<String, Object> row : perTerms()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d %13s %13s %13s %12s %12s %13s %12s  %s%n",
              row.get("taylor_terms"),
              formatCount((BigInteger) row.get("features_D")),
              formatCount((BigInteger) row.get("state_numbers")),
              formatCount((BigInteger) row.get("state_bytes_float64")),
              format((Double) row.get("flops_per_query")),
              format((Double) row.get("flops_per_key")),
              formatCount((BigInteger) row.get("crossover_length")),
              format((Double) row.get("truncation_bound")),
              buildableText(fit((Integer) row.get("taylor_terms")))));
    }
    out.append(
        String.format(
            "%n%3s %13s %13s %13s %12s %14s %15s  %s%n",
            "P",
            "n",
            "state",
            "KV cache",
            "state/KV",
            "state flops/q",
            "softmax flops/q",
            "buildable"));
    for (Map<String, Object> row : perLength()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d %13s %13s %13s %12s %14s %15s  %s%n",
              row.get("taylor_terms"),
              formatCount(BigInteger.valueOf((Long) row.get("length"))),
              formatCount((BigInteger) row.get("state_numbers")),
              formatCount((BigInteger) row.get("kv_cache_numbers")),
              format((Double) row.get("state_over_kv_cache")),
              format((Double) row.get("state_flops_per_query")),
              format((Double) row.get("softmax_flops_per_query")),
              (Boolean) row.get("buildable") ? "yes" : "no"));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nbuildable: whether D and the state of D (dv + 1) float64 numbers fit in a Java array"
                + " (max array length %d) and the state in the max heap of this JVM, %d bytes"
                + " (%.2f GiB).%n",
            SymmetricBasis.MAX_ARRAY_LENGTH,
            heapBytes,
            heapBytes / (double) (1L << 30)));
    return out.toString();
  }

  /**
   * Formats a count: plain digits below {@code 10^12}, else scientific notation with 4 significant
   * digits, e.g. {@code 7.644e+19}.
   */
  public static String formatCount(BigInteger count) {
    if (count.abs().compareTo(PLAIN_LIMIT) < 0) {
      return count.toString();
    }
    return String.format(Locale.ROOT, "%.3e", new BigDecimal(count));
  }

  private static String buildableText(CostModel.StateFit fit) {
    return fit.buildable() ? "yes" : "no: " + fit.description();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
