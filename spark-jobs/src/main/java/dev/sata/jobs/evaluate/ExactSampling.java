package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.api.java.JavaPairRDD;

/**
 * Deterministic choice of the queries that get exact attention when {@code --exact N}: per
 * sequence, the {@code N} queries with the smallest {@code hash(seed, sequence key, id)}.
 *
 * <p>Each task keeps only its {@code N} smallest per sequence (map-side combining), and the
 * per-sequence merge does the same, so no step keeps more than {@code N} candidates of a sequence.
 * The result is one limit per sequence: a query is sampled when its {@code (hash, id)} is at most
 * the limit.
 */
final class ExactSampling {

  private ExactSampling() {}

  /**
   * Returns the largest sampled {@code (hash, id)} of every sequence of {@code candidates}.
   *
   * @param candidates one entry per query: its sequence and sampling key
   * @param count {@code N}, at least 1
   */
  static Map<SequenceKey, SequencePlan.SampleKey> limits(
      JavaPairRDD<SequenceKey, SequencePlan.SampleKey> candidates, int count, int partitions) {
    return candidates
        .aggregateByKey(new Smallest(count), partitions, Smallest::add, Smallest::merge)
        .mapValues(Smallest::largest)
        .collectAsMap();
  }

  /** The {@code count} smallest sampling keys seen, in a max-heap. */
  @DefaultSerializer(JavaSerializer.class)
  static final class Smallest implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int count;
    private final PriorityQueue<SequencePlan.SampleKey> heap;

    Smallest(int count) {
      this.count = count;
      this.heap = new PriorityQueue<>(Math.min(count, 1024) + 1, Collections.reverseOrder());
    }

    /** Adds one key and returns this. */
    Smallest add(SequencePlan.SampleKey key) {
      if (heap.size() < count) {
        heap.add(key);
      } else if (key.compareTo(heap.peek()) < 0) {
        heap.poll();
        heap.add(key);
      }
      return this;
    }

    /** Adds the keys of {@code other} and returns this; {@code other} is not modified. */
    Smallest merge(Smallest other) {
      for (SequencePlan.SampleKey key : other.heap) {
        add(key);
      }
      return this;
    }

    /** Returns the largest key kept: every key at most this one is sampled. */
    SequencePlan.SampleKey largest() {
      return heap.peek();
    }
  }
}
