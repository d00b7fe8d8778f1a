package dev.sata.kernel;

/**
 * Hot loops of the feature map and the state: a scalar reference implementation ({@link
 * ScalarStateKernels}) and a SIMD one on the incubating Vector API ({@code VectorStateKernels}),
 * picked once per JVM by {@link KernelProvider}. Arguments are checked by the callers; shapes are
 * only asserted here.
 */
interface StateKernels {

  /** Returns a short name for logs and reports, e.g. {@code "scalar"}. */
  String name();

  /**
   * Writes {@code out[to + r] = factor * in[from + r]} for {@code r < count}. {@code in} and {@code
   * out} may be the same array when the ranges do not overlap.
   */
  void scale(double[] in, int from, double factor, double[] out, int to, int count);

  /** Multiplies {@code values[offset + r] *= weights[r]} for {@code r < count}. */
  void multiply(double[] values, int offset, double[] weights, int count);

  /**
   * Writes {@code out[to + r * block + b] = factors[factorOffset + b] * in[from + r * block + b]}
   * for {@code r < rows} and {@code b < block}: one degree step of the feature map for {@code
   * block} keys at once. {@code block} is a multiple of 8; the ranges of {@code in} and {@code out}
   * do not overlap.
   */
  void scaleLanes(
      double[] in,
      int from,
      double[] factors,
      int factorOffset,
      double[] out,
      int to,
      int rows,
      int block);

  /**
   * Multiplies {@code values[r * block + b] *= weights[r]} for {@code r < rows}, {@code b < block}.
   */
  void multiplyRows(double[] values, double[] weights, int rows, int block);

  /**
   * Adds {@code count} outer products: {@code z[r] += sum_b phi[r, b]}, {@code H[r, j] += sum_b
   * phi[r, b] v[b, j]} over {@code b < count}.
   *
   * @param phi {@code [D, block]} row-major (features of the keys side by side), {@code count <=
   *     block}; not modified
   * @param values {@code [count, dv]} row-major from {@code valueOffset}; not modified
   * @param h {@code [D, dv]} row-major, updated
   * @param z {@code [D]}, updated
   */
  void addOuterProducts(
      double[] phi,
      int features,
      int block,
      double[] values,
      int valueOffset,
      int count,
      int dv,
      double[] h,
      double[] z);

  /** Float32 version of {@link #addOuterProducts}; values are float32 from index 0. */
  void addOuterProductsFloat(
      double[] phi,
      int features,
      int block,
      float[] values,
      int count,
      int dv,
      float[] h,
      float[] z);

  /**
   * Adds {@code sum_r phi[r] H[r, j]} over the rows {@code r = start .. start+length-1} into {@code
   * numerator[offset + j]} and returns {@code sum_r phi[r] z[r]} over the same rows.
   */
  double contract(
      double[] phi,
      int start,
      int length,
      double[] h,
      double[] z,
      int dv,
      double[] numerator,
      int offset);

  /** Float32-state version of {@link #contract}; products and sums are in float64. */
  double contractFloat(
      double[] phi,
      int start,
      int length,
      float[] h,
      float[] z,
      int dv,
      double[] numerator,
      int offset);
}
