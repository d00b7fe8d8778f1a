package dev.sata.jobs.niah;

import dev.sata.kernel.SoftmaxPartial;
import dev.sata.kernel.TaylorSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every method at any grid length and depth from the reduced tables of one pass, on the
 * driver: prefix sums over buckets give the haystack of each grid length, {@link NeedlePlacement}
 * puts the needles in, and the output is decoded against the codebook.
 *
 * <p>Methods are indexed {@code 0} for exact softmax and {@code P'} for Taylor attention with
 * {@code P'} terms. A retrieval is correct when the code nearest to the output (largest cosine) is
 * the needle's, or for several expected codes when the codes ranked first to {@code m}-th are
 * exactly the expected ones. An output that is zero or not finite is incorrect and has cosine 0.
 * Results per (task, scale, grid length) are cached, so a capacity search and the heat maps share
 * them.
 */
final class CellEvaluator {

  private final PassPlan plan;
  private final BucketTables tables;
  private final Codebook codebook;
  private final double[][] taylorPrefix; // [grid index][Q, P, dv + 1]
  private final SoftmaxPartial[][] exactPrefix; // [grid index][Q]
  private final Map<String, MethodStats[][]> cache = new HashMap<>();

  CellEvaluator(PassPlan plan, BucketTables tables, Codebook codebook) {
    this.plan = plan;
    this.tables = tables;
    this.codebook = codebook;
    int points = plan.grid().size();
    taylorPrefix = new double[points][];
    exactPrefix = new SoftmaxPartial[points][];

    // running sums over the buckets: entry b covers the tokens [0, G_b)
    double[] taylor = new double[tables.queryCount() * tables.taylorStride()];
    SoftmaxPartial[] exact = new SoftmaxPartial[tables.queryCount()];
    for (int q = 0; q < exact.length; q++) {
      exact[q] = SoftmaxPartial.empty(tables.dv());
    }
    for (int b = 0; b < points; b++) {
      double[] row = tables.taylorRow(b);
      SoftmaxPartial[] partials = tables.exactRowOrNull(b);
      if (row == null || partials == null) {
        throw new IllegalStateException("bucket " + b + " of pass " + plan.name() + " is empty");
      }
      for (int i = 0; i < taylor.length; i++) {
        taylor[i] += row[i];
      }
      taylorPrefix[b] = taylor.clone();
      exactPrefix[b] = new SoftmaxPartial[exact.length];
      for (int q = 0; q < exact.length; q++) {
        exact[q].merge(partials[q]);
        exactPrefix[b][q] = exact[q].copy();
      }
    }
  }

  /** Returns the plan this evaluator scores. */
  PassPlan plan() {
    return plan;
  }

  /**
   * Returns the statistics of every method at every depth: {@code [depth index][method]}, method 0
   * exact and {@code P'} Taylor with {@code P'} terms.
   */
  MethodStats[][] evaluate(NiahTask task, int scaleIndex, int gridIndex) {
    String key = task + "/" + scaleIndex + "/" + gridIndex;
    MethodStats[][] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    double[] depths = plan.depths();
    MethodStats[][] result = new MethodStats[depths.length][];
    for (int i = 0; i < depths.length; i++) {
      result[i] = evaluate(task, scaleIndex, gridIndex, depths[i]);
    }
    cache.put(key, result);
    return result;
  }

  /** Returns the accuracy of one method over all depths at a grid length. */
  double accuracy(NiahTask task, int scaleIndex, int gridIndex, int method) {
    MethodStats total = new MethodStats();
    for (MethodStats[] atDepth : evaluate(task, scaleIndex, gridIndex)) {
      total.addAll(atDepth[method]);
    }
    return total.accuracy();
  }

  /** Returns one cell per reported method and depth at {@code length}, a grid length. */
  List<NiahCell> cells(NiahTask task, int scaleIndex, long length, int[] reportedTerms) {
    int gridIndex = plan.grid().indexOf(length);
    MethodStats[][] stats = evaluate(task, scaleIndex, gridIndex);
    List<NiahCell> cells = new ArrayList<>();
    int[] methods = new int[reportedTerms.length + 1];
    System.arraycopy(reportedTerms, 0, methods, 1, reportedTerms.length);
    for (int method : methods) {
      for (int i = 0; i < plan.depths().length; i++) {
        cells.add(cell(task, scaleIndex, length, plan.depths()[i], method, stats[i][method]));
      }
    }
    return cells;
  }

  private NiahCell cell(
      NiahTask task, int scaleIndex, long length, double depth, int method, MethodStats s) {
    return new NiahCell(
        task.cliName(),
        method == 0 ? "exact" : "sata",
        method,
        plan.d(),
        plan.dv(),
        plan.scales()[scaleIndex],
        length,
        depth,
        plan.setsOf(task).length,
        s.samples(),
        s.accuracy(),
        s.meanCosine(),
        s.meanNeedleWeight(),
        s.nonPositiveDenominators());
  }

  /** Scores every method for every trial of {@code task} at one length and depth. */
  private MethodStats[] evaluate(NiahTask task, int scaleIndex, int gridIndex, double depth) {
    int terms = plan.terms();
    int d = plan.d();
    int dv = plan.dv();
    int stride = tables.taylorStride();
    long n = plan.grid().length(gridIndex);
    QuerySet queries = plan.queries();
    MethodStats[] stats = new MethodStats[terms + 1];
    Arrays.setAll(stats, i -> new MethodStats());

    for (int setIndex : plan.setsOf(task)) {
      NeedleSet set = plan.needleSets().get(setIndex);
      double[][] removed = replacedTokens(n, depth, set.insertedCount());
      for (int qIndex = 0; qIndex < set.queries().size(); qIndex++) {
        NeedleSet.Query query = set.queries().get(qIndex);
        int q = queries.index(setIndex, qIndex, scaleIndex);
        int offset = q * d;
        double[] vectors = queries.vectors();

        // Taylor attention, every P' at once
        double[] entry = Arrays.copyOfRange(taylorPrefix[gridIndex], q * stride, (q + 1) * stride);
        NeedlePlacement.placeTaylor(
            vectors, offset, d, dv, terms, entry, removed, set.keys(), set.values());
        double[][] needleSeries = needleSeries(set, query, vectors, offset, terms);
        for (int p = 1; p <= terms; p++) {
          int base = (p - 1) * (dv + 1);
          double denominator = entry[base + dv];
          double[] output = new double[dv];
          for (int j = 0; j < dv; j++) {
            output[j] = entry[base + j] / denominator;
          }
          double needle = 0;
          for (double[] series : needleSeries) {
            needle += series[p - 1];
          }
          score(stats[p], output, query, needle / denominator, !(denominator > 0));
        }

        // exact softmax
        NeedlePlacement.ExactSums sums =
            NeedlePlacement.placeExact(
                exactPrefix[gridIndex][q],
                vectors,
                offset,
                d,
                dv,
                removed,
                set.keys(),
                set.values());
        double weight = 0;
        for (int token : query.needleTokens()) {
          weight += sums.weightOf(logit(vectors, offset, set.keys(), token, d));
        }
        score(stats[0], sums.output(), query, weight, false);
      }
    }
    return stats;
  }

  private double[][] replacedTokens(long n, double depth, int m) {
    long[] positions = Placement.positions(n, depth, m);
    double[][] removed = new double[m][];
    for (int j = 0; j < m; j++) {
      removed[j] = tables.captured(positions[j]);
      if (removed[j] == null) {
        throw new IllegalStateException(
            "haystack token " + positions[j] + " was not kept by pass " + plan.name());
      }
    }
    return removed;
  }

  /** Returns {@code T_1 .. T_P} of the logit of each of the query's needle tokens. */
  private static double[][] needleSeries(
      NeedleSet set, NeedleSet.Query query, double[] vectors, int offset, int terms) {
    int d = set.keys().length / set.insertedCount();
    double[][] series = new double[query.needleTokens().length][terms];
    for (int i = 0; i < series.length; i++) {
      double s = logit(vectors, offset, set.keys(), query.needleTokens()[i], d);
      TaylorSeries.truncatedExpAll(s, terms, series[i]);
    }
    return series;
  }

  private static double logit(double[] vectors, int offset, double[] keys, int token, int d) {
    return Codebook.dot(vectors, offset, keys, token * d, d) / Math.sqrt(d);
  }

  private void score(
      MethodStats stats, double[] output, NeedleSet.Query query, double weight, boolean bad) {
    int[] expected = query.expectedCodes();
    int[] decoded = codebook.nearest(output, expected.length);
    boolean correct = decoded.length == expected.length && sameSet(decoded, expected);
    stats.add(correct, cosine(output, query.target()), weight, bad);
  }

  private static boolean sameSet(int[] a, int[] b) {
    int[] x = a.clone();
    int[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return Arrays.equals(x, y);
  }

  /** Returns the cosine of {@code a} and {@code b}, or 0 when either is zero or not finite. */
  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    double cosine = dot / Math.sqrt(aa * bb);
    return Double.isFinite(cosine) ? cosine : 0;
  }
}
