package dev.sata.kernel;

import java.io.PrintStream;
import java.util.Random;

/**
 * Smoke command: checks a few identities of the kernel on small random data, prints one line per
 * check and exits with status 1 when any fails (0 otherwise). Needs the kernel jar and {@code
 * slf4j-api} on the class path: {@code java --add-modules jdk.incubator.vector -cp
 * sata-kernel.jar:slf4j-api.jar dev.sata.kernel.KernelSelfCheck} (the module option is optional and
 * selects the SIMD loops).
 */
public final class KernelSelfCheck {

  private static final double TOLERANCE = 1e-12;

  private final PrintStream out;
  private int failures;

  KernelSelfCheck(PrintStream out) {
    this.out = out;
  }

  /** Runs the checks; the arguments are ignored. */
  public static void main(String[] args) {
    KernelSelfCheck check = new KernelSelfCheck(System.out);
    int failures = check.run();
    System.out.println("loops: " + TaylorState.kernelImplementation());
    System.out.println(failures == 0 ? "kernel self-check passed" : failures + " checks failed");
    System.exit(failures == 0 ? 0 : 1);
  }

  /** Runs every check and returns the number that failed. */
  int run() {
    Random random = new Random(20261204L);
    checkPermutationCounts();
    checkPowerIdentity(random);
    checkStateAgainstDirect(random);
    checkMergeAndBytes(random);
    checkSoftmaxMerge(random);
    return failures;
  }

  /** sum_r C_p(r) = d^p. */
  private void checkPermutationCounts() {
    int d = 5;
    int p = 4;
    double sum = 0;
    for (double c : SymmetricBasis.permutationCounts(d, p)) {
      sum += c;
    }
    report("sum of C_p over rows = d^p (d=5, p=4)", Math.pow(d, p), sum, 0);
  }

  /** (q.k)^p = sum_r C_p(r) Phi_p(q)[r] Phi_p(k)[r], through the KEY_SIDE map with c = 1. */
  private void checkPowerIdentity(Random random) {
    int d = 6;
    int terms = 5;
    double[] q = gaussian(random, d);
    double[] k = gaussian(random, d);
    TaylorFeatureMap map = new TaylorFeatureMap(d, terms, 1.0, WeightPlacement.KEY_SIDE);
    double[] phiQ = new double[map.dimension()];
    double[] phiK = new double[map.dimension()];
    map.mapQuery(q, 0, phiQ, 0);
    map.mapKey(k, 0, phiK, 0);
    double s = TaylorSeries.dot(q, 0, k, 0, d);
    double features = TaylorSeries.dot(phiQ, 0, phiK, 0, map.dimension());
    report(
        "phi(q).phi(k) = T_P(q.k) (d=6, P=5)",
        TaylorSeries.truncatedExp(s, terms),
        features,
        TOLERANCE);
  }

  /** State route output = direct pairwise T_P evaluation. */
  private void checkStateAgainstDirect(Random random) {
    int d = 4;
    int dv = 3;
    int n = 37;
    int terms = 6;
    double[] keys = gaussian(random, n * d);
    double[] values = gaussian(random, n * dv);
    double[] query = gaussian(random, d);
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, terms);
    TaylorState state = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n);
    double[] numerator = new double[dv];
    double denominator = state.evaluate(query, 0, terms, numerator, 0);
    double[] direct =
        TaylorSeries.directOutputs(
            query, null, 1, keys, values, null, n, d, dv, map.scale(), terms, false, null);
    double worst = 0;
    for (int j = 0; j < dv; j++) {
      worst =
          Math.max(worst, Math.abs(numerator[j] / denominator - direct[j]) / Math.abs(direct[j]));
    }
    report(
        "state output = direct output, max relative difference (d=4, P=6, n=37)",
        0,
        worst,
        TOLERANCE);
  }

  /** Merge of two halves = state of the whole; bytes round trip bit for bit. */
  private void checkMergeAndBytes(Random random) {
    int d = 3;
    int dv = 2;
    int n = 20;
    double[] keys = gaussian(random, n * d);
    double[] values = gaussian(random, n * dv);
    TaylorFeatureMap map = TaylorFeatureMap.withDefaultScale(d, 4);
    TaylorState whole = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, n);
    TaylorState left = CausalChunk.chunkState(map, dv, Precision.FLOAT64, keys, values, 7);
    TaylorState right = TaylorState.empty(map, dv, Precision.FLOAT64);
    right.accumulate(keys, 7 * d, values, 7 * dv, n - 7);
    double[] merged = left.merge(right).numeratorState();
    double[] expected = whole.numeratorState();
    double worst = 0;
    for (int i = 0; i < merged.length; i++) {
      worst = Math.max(worst, Math.abs(merged[i] - expected[i]));
    }
    report("merge of two chunks = one pass, max |difference|", 0, worst, TOLERANCE);

    byte[] bytes = whole.toBytes();
    boolean same = java.util.Arrays.equals(bytes, TaylorState.fromBytes(bytes).toBytes());
    report("binary round trip is bit-exact", 1, same ? 1 : 0, 0);
  }

  /** Two merged softmax partials at logits near +-700 = one pass, and finite. */
  private void checkSoftmaxMerge(Random random) {
    int d = 2;
    int dv = 2;
    double[] query = {700, -700};
    double[] keys = {1, 0, 0, 1, 0.5, 0.5, -1, 0};
    double[] values = gaussian(random, 4 * dv);
    SoftmaxPartial whole = SoftmaxPartial.empty(dv);
    whole.accumulate(query, 0, keys, values, 4, d, 1.0);
    SoftmaxPartial first = SoftmaxPartial.empty(dv);
    first.accumulate(query, 0, keys, values, 2, d, 1.0);
    SoftmaxPartial second = SoftmaxPartial.empty(dv);
    second.accumulate(query, 0, keys, 2 * d, values, 2 * dv, 2, d, 1.0, null, 0);
    double[] merged = first.merge(second).output();
    double[] expected = whole.output();
    double worst = 0;
    for (int j = 0; j < dv; j++) {
      worst = Math.max(worst, Math.abs(merged[j] - expected[j]));
    }
    report("softmax (m, l, o) merge at logits +-700, max |difference|", 0, worst, TOLERANCE);
  }

  private void report(String what, double expected, double actual, double tolerance) {
    boolean ok = Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
    if (!ok) {
      failures++;
    }
    out.printf(
        "%s  %s: expected %.17g, actual %.17g%n", ok ? "ok  " : "FAIL", what, expected, actual);
  }

  private static double[] gaussian(Random random, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }
}
