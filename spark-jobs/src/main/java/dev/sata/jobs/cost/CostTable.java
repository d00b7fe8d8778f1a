package dev.sata.jobs.cost;

import dev.sata.jobs.common.Charts;
import dev.sata.jobs.common.Reports;
import dev.sata.kernel.CostModel;
import dev.sata.kernel.SymmetricBasis;
import dev.sata.kernel.TruncationBound;
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
 * @param d key and query size
 * @param dv value size
 * @param terms numbers of Taylor terms {@code P}, ascending
 * @param lengths context lengths {@code n}, ascending
 * @param maxLogit the largest {@code |q.k/c|} assumed for the truncation bound
 */
public record CostTable(int d, int dv, int[] terms, long[] lengths, double maxLogit) {

  /** Checks the arguments; messages name the command-line option. */
  public CostTable {
    require(d >= 1, "--d", d, "an integer of at least 1");
    require(dv >= 1, "--dv", dv, "an integer of at least 1");
    require(terms.length > 0, "--taylor-terms", "", "at least one P");
    for (int p : terms) {
      require(p >= 1, "--taylor-terms", p, "P of at least 1");
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
    terms = Arrays.stream(terms).sorted().distinct().toArray();
    lengths = Arrays.stream(lengths).sorted().distinct().toArray();
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
      long state = CostModel.stateSize(d, dv, p);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("taylor_terms", p);
      row.put("features_D", SymmetricBasis.featureCount(d, p));
      row.put("state_numbers", state);
      row.put("state_bytes_float64", saturatedTimes(state, Double.BYTES));
      row.put("flops_per_query", CostModel.flopsPerQuery(d, dv, p));
      row.put("flops_per_key", CostModel.flopsPerKey(d, dv, p));
      row.put("crossover_length", CostModel.crossoverLength(d, dv, p));
      row.put("truncation_bound", TruncationBound.weightErrorBound(maxLogit, p));
      row.put("relative_truncation_bound", TruncationBound.relativeWeightErrorBound(maxLogit, p));
      rows.add(row);
    }
    return rows;
  }

  /** Returns one row per {@code (P, n)}: state against KV cache and flops against softmax. */
  public List<Map<String, Object>> perLength() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int p : terms) {
      long state = CostModel.stateSize(d, dv, p);
      double stateFlops = CostModel.flopsPerQuery(d, dv, p);
      for (long n : lengths) {
        long cache = CostModel.kvCacheSize(n, d, dv);
        double softmax = CostModel.softmaxFlopsPerQuery(n, d, dv);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("taylor_terms", p);
        row.put("length", n);
        row.put("state_numbers", state);
        row.put("kv_cache_numbers", cache);
        row.put("state_over_kv_cache", (double) state / cache);
        row.put("state_flops_per_query", stateFlops);
        row.put("softmax_flops_per_query", softmax);
        row.put("state_over_softmax_flops", stateFlops / softmax);
        rows.add(row);
      }
    }
    return rows;
  }

  /** Returns the table as JSON: the inputs, then both tables. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("d", d);
    json.put("dv", dv);
    json.put("max_logit", maxLogit);
    json.put("flop", "one addition or one multiplication");
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

  /** Returns a PNG of flops per query against the context length, log-log. */
  public byte[] flopsPlot() {
    double[] x = Arrays.stream(lengths).asDoubleStream().toArray();
    List<Charts.Series> series = new ArrayList<>();
    double[] softmax =
        Arrays.stream(lengths).mapToDouble(n -> CostModel.softmaxFlopsPerQuery(n, d, dv)).toArray();
    series.add(new Charts.Series("exact softmax", x, softmax));
    for (int p : terms) {
      double[] state = new double[x.length];
      Arrays.fill(state, CostModel.flopsPerQuery(d, dv, p));
      series.add(new Charts.Series("Taylor state, P = " + p, x, state));
    }
    return Charts.linePlot(
        String.format(Locale.ROOT, "Flops per query, one head (d = %d, dv = %d)", d, dv),
        "context length n",
        "flops per query",
        series,
        true,
        true);
  }

  /** Returns the printable text: both tables with aligned columns. */
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
            "%3s %12s %14s %14s %12s %12s %12s %12s%n",
            "P", "D", "state", "state bytes", "flops/query", "flops/key", "crossover n", "bound"));
    for (Map<String, Object> row : perTerms()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d %12d %14d %14d %12s %12s %12d %12s%n",
              row.get("taylor_terms"),
              row.get("features_D"),
              row.get("state_numbers"),
              row.get("state_bytes_float64"),
              format((Double) row.get("flops_per_query")),
              format((Double) row.get("flops_per_key")),
              row.get("crossover_length"),
              format((Double) row.get("truncation_bound"))));
    }
    out.append(
        String.format(
            "%n%3s %12s %14s %14s %12s %14s %14s%n",
            "P", "n", "state", "KV cache", "state/KV", "state flops/q", "softmax flops/q"));
    for (Map<String, Object> row : perLength()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%3d %12d %14d %14d %12s %14s %14s%n",
              row.get("taylor_terms"),
              row.get("length"),
              row.get("state_numbers"),
              row.get("kv_cache_numbers"),
              format((Double) row.get("state_over_kv_cache")),
              format((Double) row.get("state_flops_per_query")),
              format((Double) row.get("softmax_flops_per_query"))));
    }
    return out.toString();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static long saturatedTimes(long a, int b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
