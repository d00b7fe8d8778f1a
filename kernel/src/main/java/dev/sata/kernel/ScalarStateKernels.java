package dev.sata.kernel;

/** Plain-loop {@link StateKernels}: the reference the vector implementation is tested against. */
final class ScalarStateKernels implements StateKernels {

  static final ScalarStateKernels INSTANCE = new ScalarStateKernels();

  private ScalarStateKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void scale(double[] in, int from, double factor, double[] out, int to, int count) {
    for (int r = 0; r < count; r++) {
      out[to + r] = factor * in[from + r];
    }
  }

  @Override
  public void multiply(double[] values, int offset, double[] weights, int count) {
    for (int r = 0; r < count; r++) {
      values[offset + r] *= weights[r];
    }
  }

  @Override
  public void scaleLanes(
      double[] in,
      int from,
      double[] factors,
      int factorOffset,
      double[] out,
      int to,
      int rows,
      int block) {
    for (int r = 0; r < rows; r++) {
      for (int b = 0; b < block; b++) {
        out[to + r * block + b] = factors[factorOffset + b] * in[from + r * block + b];
      }
    }
  }

  @Override
  public void multiplyRows(double[] values, double[] weights, int rows, int block) {
    for (int r = 0; r < rows; r++) {
      double w = weights[r];
      for (int b = 0; b < block; b++) {
        values[r * block + b] *= w;
      }
    }
  }

  @Override
  public void addOuterProducts(
      double[] phi,
      int features,
      int block,
      double[] values,
      int valueOffset,
      int count,
      int dv,
      double[] h,
      double[] z) {
    assert phi.length >= features * block && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      int base = r * block;
      double sum = 0;
      for (int b = 0; b < count; b++) {
        sum += phi[base + b];
      }
      z[r] += sum;

      // H row, loaded once for the whole block
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        double f = phi[base + b];
        int v = valueOffset + b * dv;
        for (int j = 0; j < dv; j++) {
          h[row + j] += f * values[v + j];
        }
      }
    }
  }

  @Override
  public void addOuterProductsFloat(
      double[] phi,
      int features,
      int block,
      float[] values,
      int count,
      int dv,
      float[] h,
      float[] z) {
    assert phi.length >= features * block && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      int base = r * block;
      float sum = 0;
      for (int b = 0; b < count; b++) {
        sum += (float) phi[base + b];
      }
      z[r] += sum;

      // H row
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        float f = (float) phi[base + b];
        int v = b * dv;
        for (int j = 0; j < dv; j++) {
          h[row + j] += f * values[v + j];
        }
      }
    }
  }

  @Override
  public double contract(
      double[] phi,
      int start,
      int length,
      double[] h,
      double[] z,
      int dv,
      double[] numerator,
      int offset) {
    double denominator = 0;
    for (int r = start; r < start + length; r++) {
      double f = phi[r];
      denominator += f * z[r];
      int row = r * dv;
      for (int j = 0; j < dv; j++) {
        numerator[offset + j] += f * h[row + j];
      }
    }
    return denominator;
  }

  @Override
  public double contractFloat(
      double[] phi,
      int start,
      int length,
      float[] h,
      float[] z,
      int dv,
      double[] numerator,
      int offset) {
    double denominator = 0;
    for (int r = start; r < start + length; r++) {
      double f = phi[r];
      denominator += f * z[r];
      int row = r * dv;
      for (int j = 0; j < dv; j++) {
        numerator[offset + j] += f * h[row + j];
      }
    }
    return denominator;
  }
}
