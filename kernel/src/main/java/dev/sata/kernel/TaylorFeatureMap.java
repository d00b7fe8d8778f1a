package dev.sata.kernel;

import java.io.Serializable;

/**
 * Taylor feature map whose dot products are the truncated exponential of a scaled dot product.
 *
 * <p>With {@code P} terms (degrees {@code p = 0 .. P-1}), scale {@code c} and {@code alpha_p = 1 /
 * (p! c^p)}, the query and key maps satisfy
 *
 * <pre>
 *   phi_q(q) . phi_k(k) = T_P(q.k / c) = sum_{p < P} (q.k / c)^p / p!,
 * </pre>
 *
 * because {@code (q.k)^p = sum_r C_p(r) Phi_p(q)[r] Phi_p(k)[r]} over the symmetric basis (see
 * {@link SymmetricBasis}, which also fixes the feature order). The feature vector is the
 * concatenation of the degree blocks {@code w_p * Phi_p(x)}, of total length {@code D =
 * binom(d+P-1, P-1)}; with {@link WeightPlacement#SPLIT} both sides use {@code w_p = sqrt(alpha_p
 * C_p)}, with {@link WeightPlacement#KEY_SIDE} the query side uses 1 and the key side {@code
 * alpha_p C_p}. As the blocks are concatenated by degree, the map for {@code P' <= P} terms is the
 * prefix of length {@link #dimension(int)}.
 *
 * <p>Features are generated hierarchically: the degree {@code p} block with last index {@code j} is
 * {@code x[j]} times the first {@code binom(j+p-1, p-1)} raw degree {@code p-1} features. That is
 * one multiplication per feature and no index gathers, then one multiplication per feature for the
 * weight.
 *
 * <p>Instances are immutable and safe to share between threads. Java serialization writes only
 * {@code (d, P, c, placement)}; the weight tables are rebuilt on first use after deserialization,
 * which also makes reflective serializers that skip transient fields work.
 */
public final class TaylorFeatureMap implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int d; // input size
  private final int terms; // P, degrees 0 .. P-1
  private final double scale; // c, logit s = q.k / c
  private final WeightPlacement placement;
  private final int dimension; // D

  private transient volatile Tables tables; // derived, rebuilt lazily

  /**
   * Creates the map.
   *
   * @param d key and query size, at least 1
   * @param terms number of Taylor terms {@code P}, at least 1
   * @param scale logit divisor {@code c}, finite and positive
   * @param placement where the weights {@code alpha_p C_p} sit
   * @throws IllegalArgumentException when an argument is out of range or {@code D} does not fit in
   *     an array (see {@link SymmetricBasis#checkedFeatureCount})
   */
  public TaylorFeatureMap(int d, int terms, double scale, WeightPlacement placement) {
    Checks.requirePositive("d", d);
    Checks.requirePositive("P (terms)", terms);
    Checks.requirePositiveFinite("scale", scale);
    if (placement == null) {
      throw new IllegalArgumentException("placement must not be null");
    }
    this.d = d;
    this.terms = terms;
    this.scale = scale;
    this.placement = placement;
    this.dimension = checkedDimension(d, terms);
  }

  /** Creates the map with {@code c = sqrt(d)} and {@link WeightPlacement#SPLIT}. */
  public static TaylorFeatureMap withDefaultScale(int d, int terms) {
    Checks.requirePositive("d", d);
    return new TaylorFeatureMap(d, terms, Math.sqrt(d), WeightPlacement.SPLIT);
  }

  /** Returns {@code d}, the query and key size. */
  public int d() {
    return d;
  }

  /** Returns {@code P}, the number of Taylor terms. */
  public int terms() {
    return terms;
  }

  /** Returns {@code c}, the logit divisor. */
  public double scale() {
    return scale;
  }

  /** Returns the weight placement. */
  public WeightPlacement placement() {
    return placement;
  }

  /** Returns {@code D}, the feature count for all {@code P} terms. */
  public int dimension() {
    return dimension;
  }

  /**
   * Returns {@code D(P') = binom(d+P'-1, P'-1)}, the length of the feature prefix that is the map
   * for {@code P'} terms.
   *
   * @param prefixTerms {@code P'} in {@code [1, P]}
   */
  public int dimension(int prefixTerms) {
    Checks.requireTerms("terms", prefixTerms, terms);
    return tables().offsets[prefixTerms];
  }

  /**
   * Returns the index of the first feature of degree {@code p}; {@code degreeOffset(P) = D}.
   *
   * @param p degree in {@code [0, P]}
   */
  public int degreeOffset(int p) {
    if (p < 0 || p > terms) {
      throw new IllegalArgumentException("degree p must be in [0, " + terms + "], got " + p);
    }
    return tables().offsets[p];
  }

  /**
   * Writes the query features {@code phi_q(x)} ({@code D} numbers) to {@code out}.
   *
   * @param x input, {@code d} numbers from {@code xOffset}; not modified
   * @param out output, {@code D} numbers from {@code outOffset} are overwritten
   */
  public void mapQuery(double[] x, int xOffset, double[] out, int outOffset) {
    mapQuery(x, xOffset, out, outOffset, terms);
  }

  /**
   * Writes the first {@code D(P')} query features, the query map for {@code P'} terms.
   *
   * @param prefixTerms {@code P'} in {@code [1, P]}
   */
  public void mapQuery(double[] x, int xOffset, double[] out, int outOffset, int prefixTerms) {
    mapQuery(KernelProvider.kernels(), x, xOffset, out, outOffset, prefixTerms);
  }

  /** Same as {@link #mapQuery(double[], int, double[], int, int)} with the given loops. */
  void mapQuery(
      StateKernels kernels, double[] x, int xOffset, double[] out, int outOffset, int prefixTerms) {
    Tables t = tables();
    checkMapArguments(x, xOffset, out, outOffset, prefixTerms, t);
    map(kernels, t, t.queryWeights, x, xOffset, out, outOffset, prefixTerms);
  }

  /**
   * Writes the key features {@code phi_k(x)} ({@code D} numbers) to {@code out}.
   *
   * @param x input, {@code d} numbers from {@code xOffset}; not modified
   * @param out output, {@code D} numbers from {@code outOffset} are overwritten
   */
  public void mapKey(double[] x, int xOffset, double[] out, int outOffset) {
    mapKey(x, xOffset, out, outOffset, terms);
  }

  /**
   * Writes the first {@code D(P')} key features, the key map for {@code P'} terms.
   *
   * @param prefixTerms {@code P'} in {@code [1, P]}
   */
  public void mapKey(double[] x, int xOffset, double[] out, int outOffset, int prefixTerms) {
    mapKey(KernelProvider.kernels(), x, xOffset, out, outOffset, prefixTerms);
  }

  /** Same as {@link #mapKey(double[], int, double[], int, int)} with the given loops. */
  void mapKey(
      StateKernels kernels, double[] x, int xOffset, double[] out, int outOffset, int prefixTerms) {
    Tables t = tables();
    checkMapArguments(x, xOffset, out, outOffset, prefixTerms, t);
    map(kernels, t, t.keyWeights, x, xOffset, out, outOffset, prefixTerms);
  }

  /**
   * Writes the key features of {@code count <= block} keys side by side: {@code out[r * block + b]}
   * is feature {@code r} of key {@code b}, and the lanes {@code count <= b < block} are 0. The same
   * hierarchical steps as {@link #mapKey} run on whole lane groups. Arguments are checked by the
   * caller.
   *
   * @param keys {@code [count, d]} row-major from {@code keyOffset}; not modified
   * @param block lanes per feature, a multiple of 8
   * @param lanes scratch of at least {@code d * block} numbers, overwritten
   * @param out {@code [D, block]} row-major, overwritten
   */
  void mapKeyBlock(
      StateKernels kernels,
      double[] keys,
      int keyOffset,
      int count,
      int block,
      double[] lanes,
      double[] out) {
    Tables t = tables();
    assert count <= block && block % 8 == 0 && out.length >= dimension * block;

    // keys transposed to [d, block], zero beyond count
    java.util.Arrays.fill(lanes, 0, d * block, 0);
    for (int b = 0; b < count; b++) {
      for (int j = 0; j < d; j++) {
        lanes[j * block + b] = keys[keyOffset + b * d + j];
      }
    }

    // degree 0: 1 for the keys, 0 for the padding lanes
    java.util.Arrays.fill(out, 0, count, 1);
    java.util.Arrays.fill(out, count, block, 0);

    // degree p from degree p-1, block j scaled lane by lane with x_b[j]
    for (int p = 1; p < terms; p++) {
      int previous = t.offsets[p - 1] * block;
      int position = t.offsets[p];
      int[] prefix = t.prefixLengths[p - 1];
      for (int j = 0; j < d; j++) {
        kernels.scaleLanes(
            out, previous, lanes, j * block, out, position * block, prefix[j], block);
        position += prefix[j];
      }
    }

    // weights
    kernels.multiplyRows(out, t.keyWeights, dimension, block);
  }

  /**
   * Returns whether {@code other} defines the same map: equal {@code d}, {@code P}, placement and
   * bit-identical scale.
   */
  public boolean sameAs(TaylorFeatureMap other) {
    return other != null
        && d == other.d
        && terms == other.terms
        && placement == other.placement
        && Double.doubleToLongBits(scale) == Double.doubleToLongBits(other.scale);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaylorFeatureMap && sameAs((TaylorFeatureMap) o);
  }

  @Override
  public int hashCode() {
    return ((Integer.hashCode(d) * 31 + terms) * 31 + Double.hashCode(scale)) * 31
        + placement.hashCode();
  }

  @Override
  public String toString() {
    return "TaylorFeatureMap[d="
        + d
        + ", P="
        + terms
        + ", c="
        + scale
        + ", placement="
        + placement
        + ", D="
        + dimension
        + "]";
  }

  /** Generates the raw monomials degree by degree, then applies the weights. */
  private void map(
      StateKernels kernels,
      Tables t,
      double[] weights,
      double[] x,
      int xOffset,
      double[] out,
      int o,
      int prefixTerms) {
    int length = t.offsets[prefixTerms];

    // degree 0
    out[o] = 1;

    // degree p from degree p-1: block j is x[j] times a prefix of the previous block
    for (int p = 1; p < prefixTerms; p++) {
      int previous = o + t.offsets[p - 1];
      int position = o + t.offsets[p];
      int[] prefix = t.prefixLengths[p - 1];
      for (int j = 0; j < d; j++) {
        kernels.scale(out, previous, x[xOffset + j], out, position, prefix[j]);
        position += prefix[j];
      }
      assert position == o + t.offsets[p + 1];
    }

    // weights (none on the query side for KEY_SIDE)
    if (weights != null) {
      kernels.multiply(out, o, weights, length);
    }
  }

  private void checkMapArguments(
      double[] x, int xOffset, double[] out, int outOffset, int prefixTerms, Tables t) {
    Checks.requireTerms("terms", prefixTerms, terms);
    Checks.requireRange("x", x, xOffset, d, "[d] = [" + d + "]");
    int length = t.offsets[prefixTerms];
    Checks.requireRange("out", out, outOffset, length, "[D] = [" + length + "]");
  }

  private Tables tables() {
    Tables t = tables;
    if (t == null) {
      t = new Tables(d, terms, scale, placement, dimension);
      tables = t;
    }
    return t;
  }

  private static int checkedDimension(int d, int terms) {
    return SymmetricBasis.checkedFeatureCount(d, terms, 1);
  }

  /** Derived tables: degree offsets, block prefix lengths and the per-feature weights. */
  private static final class Tables {
    final int[] offsets; // [P + 1], offsets[p] = first feature of degree p, offsets[P] = D
    final int[][] prefixLengths; // [P - 1][d], prefixLengths[p][j] = binom(j + p, p)
    final double[] queryWeights; // [D], or null when the query side carries no weight
    final double[] keyWeights; // [D]

    Tables(int d, int terms, double scale, WeightPlacement placement, int dimension) {
      // degree offsets
      offsets = new int[terms + 1];
      for (int p = 0; p < terms; p++) {
        offsets[p + 1] = offsets[p] + (int) SymmetricBasis.monomialCount(d, p);
      }
      assert offsets[terms] == dimension;

      // prefix lengths by Pascal's rule: binom(j+p, p) = binom(j-1+p, p) + binom(j+p-1, p-1)
      prefixLengths = new int[Math.max(terms - 1, 0)][d];
      for (int p = 0; p < terms - 1; p++) {
        for (int j = 0; j < d; j++) {
          int left = j == 0 ? 0 : prefixLengths[p][j - 1];
          int up;
          if (p > 0) {
            up = prefixLengths[p - 1][j];
          } else {
            up = j == 0 ? 1 : 0; // binom(j, 0) = 1 arises from the j = 0 entry alone
          }
          prefixLengths[p][j] = left + up;
        }
      }

      // weights alpha_p C_p, split or on the key side
      double[] counts = new double[dimension];
      SymmetricBasis.permutationCountsUpTo(d, terms - 1, counts, 0);
      double[] full = new double[dimension];
      double alpha = 1;
      for (int p = 0; p < terms; p++) {
        if (p > 0) {
          alpha /= p * scale;
        }
        for (int r = offsets[p]; r < offsets[p + 1]; r++) {
          full[r] = alpha * counts[r];
        }
      }
      if (placement == WeightPlacement.SPLIT) {
        for (int r = 0; r < dimension; r++) {
          full[r] = Math.sqrt(full[r]);
        }
        queryWeights = full;
      } else {
        queryWeights = null;
      }
      keyWeights = full;
    }
  }
}
