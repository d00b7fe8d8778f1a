package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.Precision;
import dev.sata.kernel.TaylorFeatureMap;
import dev.sata.kernel.WeightPlacement;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The settings that executors need, resolved from the options and the input.
 *
 * @param d key and query size
 * @param dv value size
 * @param scale logit divisor {@code c}: {@code s = q.k / c}
 * @param terms the requested numbers of Taylor terms {@code P}, ascending, distinct
 * @param causal whether query {@code t} sees only keys with {@code pos <= t}
 * @param chunkSize tokens per chunk
 * @param precision number type of the state (state route only)
 * @param placement where the series weights sit in the feature map (state route only)
 * @param fanout the most chunk states one reducer merges before the per-sequence merge
 * @param maxSalts the most copies of one sequence state sent to evaluate its queries
 */
@DefaultSerializer(JavaSerializer.class)
record EvaluationConfig(
    int d,
    int dv,
    double scale,
    int[] terms,
    boolean causal,
    int chunkSize,
    Precision precision,
    WeightPlacement placement,
    int fanout,
    int maxSalts)
    implements Serializable {

  /** Returns the largest {@code P} of the list: the state and the pairwise sums use it. */
  int maxTerms() {
    return terms[terms.length - 1];
  }

  /** Returns the feature map of the state route, at the largest {@code P}. */
  TaylorFeatureMap featureMap() {
    return new TaylorFeatureMap(d, maxTerms(), scale, placement);
  }

  /** Returns the chunk index of a position. */
  long chunkOf(long position) {
    return Math.floorDiv(position, chunkSize);
  }

  @Override
  public String toString() {
    return "EvaluationConfig[d="
        + d
        + ", dv="
        + dv
        + ", c="
        + scale
        + ", P="
        + Arrays.toString(terms)
        + ", causal="
        + causal
        + ", chunkSize="
        + chunkSize
        + "]";
  }
}
