package dev.sata.kernel.bench;

import dev.sata.kernel.Precision;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.TaylorState;
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
 * Throughput of {@link TaylorState#accumulate(double[], double[], int)} with {@code dv = d}: one
 * operation is one key-value pair, so GFLOP/s is the score times {@code D + 2 D (dv + 1)} / 1e9.
 * The state grows over the run; its values stay finite because the inputs are bounded Gaussians.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateUpdateBenchmark {

  /** Key-value pairs added per benchmark invocation. */
  static final int BATCH = 64;

  @Param({"8", "16", "32", "64"})
  int d;

  @Param({"4"})
  int terms;

  /** Loop implementation, "scalar" or "vector"; JMH runs every parameter set in a fresh fork. */
  @Param({"scalar", "vector"})
  String implementation;

  @Param({"FLOAT64", "FLOAT32"})
  Precision precision;

  private TaylorState state;
  private double[] keys; // [BATCH, d]
  private double[] values; // [BATCH, dv], dv = d

  /** Builds an empty state and random keys and values (fixed seed). */
  @Setup
  public void setUp() {
    Implementations.select(implementation);
    state = TaylorState.empty(TaylorFeatureMap.withDefaultScale(d, terms), d, precision);
    Random random = new Random(8);
    keys = new double[BATCH * d];
    values = new double[BATCH * d];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextGaussian();
      values[i] = random.nextGaussian();
    }
  }

  /** Adds {@value #BATCH} pairs; returns the token count so the work cannot be dropped. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long accumulate() {
    state.accumulate(keys, values, BATCH);
    return state.tokens();
  }
}
