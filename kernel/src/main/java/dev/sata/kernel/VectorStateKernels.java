package dev.sata.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StateKernels} on the incubating Vector API with the platform's preferred vector width.
 * Loops over a row run groups of several vectors, then single vectors, then a scalar tail with
 * {@link Math#fma}; the lane loops over key blocks need no tail because blocks are multiples of 8.
 * Fused multiply-adds round once where the scalar path rounds twice, so results agree with {@link
 * ScalarStateKernels} to rounding, not bit for bit. Loaded only by {@link KernelProvider} when the
 * module {@code jdk.incubator.vector} is present.
 */
final class VectorStateKernels implements StateKernels {

  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Half-width float vectors, for float32 rows shorter than one preferred vector (e.g. dv = 8). */
  private static final VectorSpecies<Float> HALF_FLOATS =
      VectorSpecies.of(
          float.class, VectorShape.forBitSize(Math.max(64, FLOATS.vectorBitSize() / 2)));

  static final VectorStateKernels INSTANCE = new VectorStateKernels();

  private VectorStateKernels() {}

  /**
   * Returns whether the preferred double vector has 2, 4 or 8 lanes: more than one (else SIMD is no
   * gain) and a divisor of 8 (key blocks are multiples of 8).
   */
  static boolean isUsable() {
    return DOUBLES.length() >= 2 && 8 % DOUBLES.length() == 0;
  }

  @Override
  public String name() {
    return "vector (" + DOUBLES.vectorBitSize() + "-bit, " + DOUBLES.length() + " doubles)";
  }

  @Override
  public void scale(double[] in, int from, double factor, double[] out, int to, int count) {
    int limit = DOUBLES.loopBound(count);

    // vector body
    int r = 0;
    for (; r < limit; r += DOUBLES.length()) {
      DoubleVector.fromArray(DOUBLES, in, from + r).mul(factor).intoArray(out, to + r);
    }

    // scalar tail
    for (; r < count; r++) {
      out[to + r] = factor * in[from + r];
    }
  }

  @Override
  public void multiply(double[] values, int offset, double[] weights, int count) {
    int limit = DOUBLES.loopBound(count);

    // vector body
    int r = 0;
    for (; r < limit; r += DOUBLES.length()) {
      DoubleVector v = DoubleVector.fromArray(DOUBLES, values, offset + r);
      v.mul(DoubleVector.fromArray(DOUBLES, weights, r)).intoArray(values, offset + r);
    }

    // scalar tail
    for (; r < count; r++) {
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
    assert block % DOUBLES.length() == 0 : "block " + block + " is not a multiple of the lanes";

    // one factor vector per lane group, reused for every row
    for (int g = 0; g < block; g += DOUBLES.length()) {
      DoubleVector factor = DoubleVector.fromArray(DOUBLES, factors, factorOffset + g);
      for (int r = 0; r < rows; r++) {
        int offset = r * block + g;
        DoubleVector.fromArray(DOUBLES, in, from + offset).mul(factor).intoArray(out, to + offset);
      }
    }
  }

  @Override
  public void multiplyRows(double[] values, double[] weights, int rows, int block) {
    assert block % DOUBLES.length() == 0 : "block " + block + " is not a multiple of the lanes";

    for (int r = 0; r < rows; r++) {
      DoubleVector weight = DoubleVector.broadcast(DOUBLES, weights[r]);
      for (int g = 0; g < block; g += DOUBLES.length()) {
        int offset = r * block + g;
        DoubleVector.fromArray(DOUBLES, values, offset).mul(weight).intoArray(values, offset);
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
    int step = DOUBLES.length();
    int wideLimit = dv - dv % (4 * step);
    int limit = DOUBLES.loopBound(dv);

    for (int r = 0; r < features; r++) {
      // z row
      int base = r * block;
      double sum = 0;
      for (int b = 0; b < count; b++) {
        sum += phi[base + b];
      }
      z[r] += sum;

      // H row, four vectors at a time: each broadcast feature feeds four FMAs
      int row = r * dv;
      int j = 0;
      for (; j < wideLimit; j += 4 * step) {
        DoubleVector acc1 = DoubleVector.fromArray(DOUBLES, h, row + j);
        DoubleVector acc2 = DoubleVector.fromArray(DOUBLES, h, row + j + step);
        DoubleVector acc3 = DoubleVector.fromArray(DOUBLES, h, row + j + 2 * step);
        DoubleVector acc4 = DoubleVector.fromArray(DOUBLES, h, row + j + 3 * step);
        for (int b = 0; b < count; b++) {
          DoubleVector f = DoubleVector.broadcast(DOUBLES, phi[base + b]);
          int v = valueOffset + b * dv + j;
          acc1 = DoubleVector.fromArray(DOUBLES, values, v).fma(f, acc1);
          acc2 = DoubleVector.fromArray(DOUBLES, values, v + step).fma(f, acc2);
          acc3 = DoubleVector.fromArray(DOUBLES, values, v + 2 * step).fma(f, acc3);
          acc4 = DoubleVector.fromArray(DOUBLES, values, v + 3 * step).fma(f, acc4);
        }
        acc1.intoArray(h, row + j);
        acc2.intoArray(h, row + j + step);
        acc3.intoArray(h, row + j + 2 * step);
        acc4.intoArray(h, row + j + 3 * step);
      }

      // H row, one vector at a time
      for (; j < limit; j += step) {
        DoubleVector acc = DoubleVector.fromArray(DOUBLES, h, row + j);
        for (int b = 0; b < count; b++) {
          DoubleVector v = DoubleVector.fromArray(DOUBLES, values, valueOffset + b * dv + j);
          acc = v.fma(DoubleVector.broadcast(DOUBLES, phi[base + b]), acc);
        }
        acc.intoArray(h, row + j);
      }

      // scalar tail
      for (; j < dv; j++) {
        double acc = h[row + j];
        for (int b = 0; b < count; b++) {
          acc = Math.fma(phi[base + b], values[valueOffset + b * dv + j], acc);
        }
        h[row + j] = acc;
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
    int step = FLOATS.length();
    int wideLimit = dv - dv % (2 * step);
    int limit = FLOATS.loopBound(dv);
    int halfLimit = HALF_FLOATS.loopBound(dv);

    for (int r = 0; r < features; r++) {
      // z row
      int base = r * block;
      float sum = 0;
      for (int b = 0; b < count; b++) {
        sum += (float) phi[base + b];
      }
      z[r] += sum;

      // H row, two vectors at a time
      int row = r * dv;
      int j = 0;
      for (; j < wideLimit; j += 2 * step) {
        FloatVector acc1 = FloatVector.fromArray(FLOATS, h, row + j);
        FloatVector acc2 = FloatVector.fromArray(FLOATS, h, row + j + step);
        for (int b = 0; b < count; b++) {
          FloatVector f = FloatVector.broadcast(FLOATS, (float) phi[base + b]);
          int v = b * dv + j;
          acc1 = FloatVector.fromArray(FLOATS, values, v).fma(f, acc1);
          acc2 = FloatVector.fromArray(FLOATS, values, v + step).fma(f, acc2);
        }
        acc1.intoArray(h, row + j);
        acc2.intoArray(h, row + j + step);
      }

      // H row, one vector at a time
      for (; j < limit; j += step) {
        FloatVector acc = FloatVector.fromArray(FLOATS, h, row + j);
        for (int b = 0; b < count; b++) {
          FloatVector v = FloatVector.fromArray(FLOATS, values, b * dv + j);
          acc = v.fma(FloatVector.broadcast(FLOATS, (float) phi[base + b]), acc);
        }
        acc.intoArray(h, row + j);
      }

      // H row, half vectors
      for (; j < halfLimit; j += HALF_FLOATS.length()) {
        FloatVector acc = FloatVector.fromArray(HALF_FLOATS, h, row + j);
        for (int b = 0; b < count; b++) {
          FloatVector v = FloatVector.fromArray(HALF_FLOATS, values, b * dv + j);
          acc = v.fma(FloatVector.broadcast(HALF_FLOATS, (float) phi[base + b]), acc);
        }
        acc.intoArray(h, row + j);
      }

      // scalar tail
      for (; j < dv; j++) {
        float acc = h[row + j];
        for (int b = 0; b < count; b++) {
          acc = Math.fma((float) phi[base + b], values[b * dv + j], acc);
        }
        h[row + j] = acc;
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
    int limit = DOUBLES.loopBound(dv);
    double denominator = 0;

    for (int r = start; r < start + length; r++) {
      // denominator
      double f = phi[r];
      denominator = Math.fma(f, z[r], denominator);

      // numerator, vector body
      int row = r * dv;
      DoubleVector factor = DoubleVector.broadcast(DOUBLES, f);
      int j = 0;
      for (; j < limit; j += DOUBLES.length()) {
        DoubleVector acc = DoubleVector.fromArray(DOUBLES, numerator, offset + j);
        DoubleVector.fromArray(DOUBLES, h, row + j)
            .fma(factor, acc)
            .intoArray(numerator, offset + j);
      }

      // scalar tail
      for (; j < dv; j++) {
        numerator[offset + j] = Math.fma(f, h[row + j], numerator[offset + j]);
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
    // NOTE: this path runs the scalar loop, because widening float lanes to double lanes is not
    // vectorized here. Evaluation is not the hot loop of a float32 state, accumulation is.
    return ScalarStateKernels.INSTANCE.contractFloat(
        phi, start, length, h, z, dv, numerator, offset);
  }
}
