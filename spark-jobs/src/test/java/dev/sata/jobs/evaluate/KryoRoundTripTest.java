package dev.sata.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.kernel.CostModel;
import dev.sata.kernel.Precision;
import dev.sata.kernel.TaylorState;
import dev.sata.kernel.WeightPlacement;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/**
 * The values that cross shuffles and broadcasts survive Spark's Kryo serializer, which the
 * project's spark-defaults.conf selects (Kryo 4 cannot serialize records by their fields).
 */
class KryoRoundTripTest {

  private final SerializerInstance kryo =
      new KryoSerializer(new SparkConf().set("spark.kryo.registrationRequired", "false"))
          .newInstance();

  @SuppressWarnings("unchecked")
  private <T> T roundTrip(T value) {
    ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
    return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
  }

  @Test
  void chunkAndBlockRoundTrip() {
    SequenceKey key = new SequenceKey("s", 1, 2);
    Chunk chunk =
        new Chunk(
            key,
            3,
            2,
            1,
            new long[] {6, 7},
            new double[] {1, 2, 3, 4},
            null,
            new double[] {5, 6, 7, 8},
            new double[] {9, 10});
    QueryBlock block =
        new QueryBlock(key, 3, 2, new long[] {6}, new double[] {1, 2}, new boolean[] {true}, 6);

    Chunk chunkCopy = roundTrip(chunk);
    QueryBlock blockCopy = roundTrip(block);

    assertEquals(key, chunkCopy.sequence(), "sequence key");
    assertArrayEquals(chunk.keys(), chunkCopy.keys(), "keys");
    assertArrayEquals(chunk.positions(), chunkCopy.positions(), "positions");
    assertArrayEquals(block.queries(), blockCopy.queries(), "queries");
    assertEquals(new BlockKey(key, 3), roundTrip(new BlockKey(key, 3)), "block key");
  }

  @Test
  void planMapAndOutcomeRoundTrip() {
    SequencePlan plan =
        new SequencePlan(
            10,
            10,
            2,
            1,
            CostModel.Route.STATE,
            false,
            4,
            new SequencePlan.SampleKey(-5, 3),
            0,
            1,
            2,
            true);
    Map<SequenceKey, SequencePlan> plans = new HashMap<>();
    plans.put(new SequenceKey("a", 0, 0), plan);
    QueryOutcome outcome = new QueryOutcome(new double[] {1, 2}, new double[] {3}, null, 1, 2);

    Map<SequenceKey, SequencePlan> plansCopy = roundTrip(plans);
    QueryOutcome outcomeCopy = roundTrip(outcome);

    assertEquals(plan, plansCopy.get(new SequenceKey("a", 0, 0)), "plan");
    assertArrayEquals(outcome.numerators(), outcomeCopy.numerators(), "numerators");
  }

  @Test
  void stateStreamItemAndMetricsRoundTrip() {
    TaylorState state =
        TaylorState.empty(
            new dev.sata.kernel.TaylorFeatureMap(3, 3, 2.0, WeightPlacement.SPLIT),
            2,
            Precision.FLOAT64);
    state.accumulate(new double[] {1, 2, 3}, new double[] {4, 5}, 1);
    StateRoute.StateOrBlock item = new StateRoute.StateOrBlock(state, null);
    SequenceMetrics metrics = new SequenceMetrics(2);
    metrics.add(
        new QueryOutcome(
            new double[] {1, 1, 2, 2}, new double[] {1, 2}, new double[] {1, 1}, -1, 1),
        2);

    StateRoute.StateOrBlock itemCopy = roundTrip(item);
    TaylorState stateCopy = roundTrip(state);
    SequenceMetrics metricsCopy = roundTrip(metrics);

    assertArrayEquals(state.numeratorState(), itemCopy.state().numeratorState(), "H in item");
    assertArrayEquals(state.denominatorState(), stateCopy.denominatorState(), "z");
    assertEquals(1, metricsCopy.exactQueries(), "exact queries");
    assertEquals(1.0, metricsCopy.logits().max(), "logit max");
  }

  @Test
  void boundedSampleKeepsItsOrder() {
    ExactSampling.Smallest smallest = new ExactSampling.Smallest(2);
    for (long h : new long[] {5, 1, 9, 3}) {
      smallest.add(new SequencePlan.SampleKey(h, h));
    }

    ExactSampling.Smallest copy = roundTrip(smallest);
    copy.add(new SequencePlan.SampleKey(2, 2));

    assertEquals(new SequencePlan.SampleKey(2, 2), copy.largest(), "largest of {1, 2}");
  }
}
