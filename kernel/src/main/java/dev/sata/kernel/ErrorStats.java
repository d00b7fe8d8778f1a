package dev.sata.kernel;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mergeable error statistics of approximate against exact attention outputs, one token at a time.
 *
 * <p>Per token, with {@code a} the approximate and {@code e} the exact output ({@code dv} numbers):
 *
 * <ul>
 *   <li>absolute error {@code ||a - e||_2};
 *   <li>relative error {@code ||a - e||_2 / ||e||_2}; when {@code ||e||_2 = 0} it is 0 if {@code a
 *       = e} and {@code +inf} otherwise (so the mean becomes {@code +inf}: a visible failure);
 *   <li>cosine similarity {@code a.e / (||a||_2 ||e||_2)}, clamped to [-1, 1]; 1 when both are
 *       zero, 0 when exactly one is.
 * </ul>
 *
 * Tokens with a NaN or infinite entry in {@code a} or {@code e} (e.g. from a zero denominator) are
 * not part of the statistics; they are counted in {@link #nonFiniteCount()}.
 *
 * <p>Percentiles come from fixed log-spaced histograms, so they merge exactly: 50 bins per decade
 * over [1e-18, 1e6) (1,200 bins), one bin below 1e-18, one at or above 1e6 (including {@code
 * +inf}), and an exact count of zeros. {@link #percentileAbsolute(double)} returns the geometric
 * centre of the bin that contains the nearest-rank percentile, clamped to the smallest positive and
 * the largest value seen, so for values in [1e-18, 1e6) it is within a factor {@code 10^(1/100)}
 * (relative error below 2.4%) of the exact nearest-rank percentile. Below 1e-18 it returns the
 * smallest positive value seen, at or above 1e6 the largest. Not thread-safe.
 */
public final class ErrorStats implements Serializable {

  private static final long serialVersionUID = 1L;

  private long count; // finite tokens
  private long nonFiniteCount;
  private double sumAbsolute;
  private double maxAbsolute;
  private double sumRelative;
  private double maxRelative;
  private double sumCosine;
  private double minCosine = Double.POSITIVE_INFINITY;
  private final LogHistogram absolute = new LogHistogram();
  private final LogHistogram relative = new LogHistogram();

  /** Creates empty statistics. */
  public ErrorStats() {}

  /**
   * Adds one token.
   *
   * @param approx {@code dv} numbers from {@code approxOffset}; not modified
   * @param exact {@code dv} numbers from {@code exactOffset}; not modified
   */
  public void add(double[] approx, int approxOffset, double[] exact, int exactOffset, int dv) {
    Checks.requirePositive("dv", dv);
    Checks.requireRange("approx", approx, approxOffset, dv, "[dv] = [" + dv + "]");
    Checks.requireRange("exact", exact, exactOffset, dv, "[dv] = [" + dv + "]");

    // norms and products
    double difference = 0;
    double approxNorm = 0;
    double exactNorm = 0;
    double dot = 0;
    for (int j = 0; j < dv; j++) {
      double a = approx[approxOffset + j];
      double e = exact[exactOffset + j];
      if (!Double.isFinite(a) || !Double.isFinite(e)) {
        nonFiniteCount++;
        return;
      }
      difference += (a - e) * (a - e);
      approxNorm += a * a;
      exactNorm += e * e;
      dot += a * e;
    }
    difference = Math.sqrt(difference);
    approxNorm = Math.sqrt(approxNorm);
    exactNorm = Math.sqrt(exactNorm);

    // the three figures
    double rel =
        exactNorm > 0 ? difference / exactNorm : (difference == 0 ? 0 : Double.POSITIVE_INFINITY);
    double cosine = cosine(dot, approxNorm, exactNorm);
    record(difference, rel, cosine);
  }

  /** Merges {@code other} into these statistics and returns this; {@code other} is unchanged. */
  public ErrorStats merge(ErrorStats other) {
    if (other == null) {
      throw new IllegalArgumentException("other statistics must not be null");
    }
    count += other.count;
    nonFiniteCount += other.nonFiniteCount;
    sumAbsolute += other.sumAbsolute;
    maxAbsolute = Math.max(maxAbsolute, other.maxAbsolute);
    sumRelative += other.sumRelative;
    maxRelative = Math.max(maxRelative, other.maxRelative);
    sumCosine += other.sumCosine;
    minCosine = Math.min(minCosine, other.minCosine);
    absolute.merge(other.absolute);
    relative.merge(other.relative);
    return this;
  }

  /** Returns the number of tokens in the statistics (finite outputs only). */
  public long count() {
    return count;
  }

  /** Returns the number of tokens left out because an output had a NaN or infinite entry. */
  public long nonFiniteCount() {
    return nonFiniteCount;
  }

  /** Returns the mean absolute error, NaN when empty. */
  public double meanAbsolute() {
    return count == 0 ? Double.NaN : sumAbsolute / count;
  }

  /** Returns the maximum absolute error, NaN when empty. */
  public double maxAbsolute() {
    return count == 0 ? Double.NaN : maxAbsolute;
  }

  /** Returns the mean relative error, NaN when empty. */
  public double meanRelative() {
    return count == 0 ? Double.NaN : sumRelative / count;
  }

  /** Returns the maximum relative error, NaN when empty. */
  public double maxRelative() {
    return count == 0 ? Double.NaN : maxRelative;
  }

  /** Returns the mean cosine similarity, NaN when empty. */
  public double meanCosine() {
    return count == 0 ? Double.NaN : sumCosine / count;
  }

  /** Returns the minimum cosine similarity, NaN when empty. */
  public double minCosine() {
    return count == 0 ? Double.NaN : minCosine;
  }

  /**
   * Returns the nearest-rank {@code q}-percentile of the absolute error from the histogram (see the
   * class comment for its precision), NaN when empty.
   *
   * @param q fraction in [0, 1], e.g. 0.99
   */
  public double percentileAbsolute(double q) {
    Checks.requireFraction("q", q);
    return absolute.percentile(q);
  }

  /** Same as {@link #percentileAbsolute(double)} for the relative error. */
  public double percentileRelative(double q) {
    Checks.requireFraction("q", q);
    return relative.percentile(q);
  }

  /**
   * Returns the statistics as an ordered map for reports: {@code count}, {@code nonFinite}, {@code
   * meanAbsolute}, {@code maxAbsolute}, {@code p50Absolute}, {@code p90Absolute}, {@code
   * p99Absolute}, the same six for {@code Relative}, {@code meanCosine} and {@code minCosine}.
   */
  public Map<String, Double> toMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("count", (double) count);
    map.put("nonFinite", (double) nonFiniteCount);
    map.put("meanAbsolute", meanAbsolute());
    map.put("maxAbsolute", maxAbsolute());
    map.put("p50Absolute", percentileAbsolute(0.5));
    map.put("p90Absolute", percentileAbsolute(0.9));
    map.put("p99Absolute", percentileAbsolute(0.99));
    map.put("meanRelative", meanRelative());
    map.put("maxRelative", maxRelative());
    map.put("p50Relative", percentileRelative(0.5));
    map.put("p90Relative", percentileRelative(0.9));
    map.put("p99Relative", percentileRelative(0.99));
    map.put("meanCosine", meanCosine());
    map.put("minCosine", minCosine());
    return map;
  }

  @Override
  public String toString() {
    return "ErrorStats" + toMap();
  }

  private void record(double abs, double rel, double cosine) {
    count++;
    sumAbsolute += abs;
    maxAbsolute = Math.max(maxAbsolute, abs);
    sumRelative += rel;
    maxRelative = Math.max(maxRelative, rel);
    sumCosine += cosine;
    minCosine = Math.min(minCosine, cosine);
    absolute.add(abs);
    relative.add(rel);
  }

  private static double cosine(double dot, double approxNorm, double exactNorm) {
    if (approxNorm == 0 && exactNorm == 0) {
      return 1;
    }
    if (approxNorm == 0 || exactNorm == 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, dot / (approxNorm * exactNorm)));
  }

  /** Log-spaced histogram of non-negative values, with exact zero count. */
  static final class LogHistogram implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int BINS_PER_DECADE = 50;
    static final int LOWEST_EXPONENT = -18; // first bin starts at 1e-18
    static final int HIGHEST_EXPONENT = 6; // last bin ends at 1e6
    static final int BINS = (HIGHEST_EXPONENT - LOWEST_EXPONENT) * BINS_PER_DECADE;

    private long zeros;
    private long below; // (0, 1e-18)
    private final long[] bins = new long[BINS]; // [1e-18, 1e6), log-spaced
    private long above; // [1e6, +inf]
    private long total;
    private double minPositive = Double.POSITIVE_INFINITY;
    private double max;

    void add(double x) {
      assert x >= 0 : "histogram value must be non-negative: " + x;
      total++;
      max = Math.max(max, x);
      if (x == 0) {
        zeros++;
        return;
      }
      minPositive = Math.min(minPositive, x);
      int bin = binOf(x);
      if (bin < 0) {
        below++;
      } else if (bin >= BINS) {
        above++;
      } else {
        bins[bin]++;
      }
    }

    void merge(LogHistogram other) {
      zeros += other.zeros;
      below += other.below;
      above += other.above;
      total += other.total;
      for (int i = 0; i < BINS; i++) {
        bins[i] += other.bins[i];
      }
      minPositive = Math.min(minPositive, other.minPositive);
      max = Math.max(max, other.max);
    }

    /** Returns the nearest-rank percentile estimate: the value of rank ceil(q * total), 1-based. */
    double percentile(double q) {
      if (total == 0) {
        return Double.NaN;
      }
      long rank = Math.max(1, (long) Math.ceil(q * total));

      // walk zeros, below, bins, above
      long seen = zeros;
      if (rank <= seen) {
        return 0;
      }
      seen += below;
      if (rank <= seen) {
        return minPositive;
      }
      for (int i = 0; i < BINS; i++) {
        seen += bins[i];
        if (rank <= seen) {
          double centre = Math.pow(10, LOWEST_EXPONENT + (i + 0.5) / BINS_PER_DECADE);
          return Math.max(minPositive, Math.min(max, centre));
        }
      }
      return max;
    }

    static int binOf(double x) {
      double position = (Math.log10(x) - LOWEST_EXPONENT) * BINS_PER_DECADE;
      if (position < 0) {
        return -1;
      }
      return position >= BINS ? BINS : (int) position;
    }
  }
}
