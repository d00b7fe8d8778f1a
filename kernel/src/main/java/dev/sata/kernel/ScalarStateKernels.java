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
  public void addOuterProducts(
      double[] phi,
      int features,
      double[] values,
      int valueOffset,
      int count,
      int dv,
      double[] h,
      double[] z) {
    assert phi.length >= count * features && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      double sum = 0;
      for (int b = 0; b < count; b++) {
        sum += phi[b * features + r];
      }
      z[r] += sum;

      // H row, loaded once for the whole block
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        double f = phi[b * features + r];
        int v = valueOffset + b * dv;
        for (int j = 0; j < dv; j++) {
          h[row + j] += f * values[v + j];
        }
      }
    }
  }

  @Override
  public void addOuterProductsFloat(
      double[] phi, int features, float[] values, int count, int dv, float[] h, float[] z) {
    assert phi.length >= count * features && h.length == features * dv && z.length == features;

    for (int r = 0; r < features; r++) {
      // z row
      float sum = 0;
      for (int b = 0; b < count; b++) {
        sum += (float) phi[b * features + r];
      }
      z[r] += sum;

      // H row
      int row = r * dv;
      for (int b = 0; b < count; b++) {
        float f = (float) phi[b * features + r];
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
