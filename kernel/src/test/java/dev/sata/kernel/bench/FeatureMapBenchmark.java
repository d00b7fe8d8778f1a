package dev.sata.kernel.bench;

import dev.sata.kernel.TaylorFeatureMap;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the key feature map at {@code P} terms: one operation is one mapped vector, so the
 * score is vectors per second and features per second is the score times {@code D}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FeatureMapBenchmark {

  /** Vectors mapped per benchmark invocation. */
  static final int BATCH = 64;

  @Param({"8", "16", "32", "64"})
  int d;

  @Param({"4"})
  int terms;

  /** Loop implementation, "scalar" or "vector"; JMH runs every parameter set in a fresh fork. */
  @Param({"scalar", "vector"})
  String implementation;

  private TaylorFeatureMap map;
  private double[] inputs; // [BATCH, d]
  private double[] features; // [D], overwritten by every vector

  /** Builds the map and random inputs (fixed seed). */
  @Setup
  public void setUp() {
    Implementations.select(implementation);
    map = TaylorFeatureMap.withDefaultScale(d, terms);
    inputs = new double[BATCH * d];
    Random random = new Random(7);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = random.nextGaussian();
    }
    features = new double[map.dimension()];
  }

  /** Maps {@value #BATCH} key vectors; returns a feature so the work cannot be dropped. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double mapKeys() {
    double last = 0;
    for (int b = 0; b < BATCH; b++) {
      map.mapKey(inputs, b * d, features, 0);
      last += features[features.length - 1];
    }
    return last;
  }
}
