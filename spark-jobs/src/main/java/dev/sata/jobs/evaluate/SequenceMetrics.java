package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.sata.kernel.ErrorStats;
import dev.sata.kernel.LogitRange;
import java.io.Serializable;

/**
 * Error figures of a group of queries (one sequence, one layer and head, or everything), for each
 * requested {@code P}; mergeable.
 *
 * <p>A query whose Taylor denominator {@code Z} is zero, negative or NaN for some {@code P} is
 * counted in {@link #nonPositive(int)} for that {@code P} and left out of its error statistics:
 * {@code S / Z} is then not an attention output. The logit range covers the logits {@code q.k / c}
 * of the exact evaluations, the only place where every logit is computed.
 */
@DefaultSerializer(JavaSerializer.class)
final class SequenceMetrics implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ErrorStats[] errors; // [nP]
  private final long[] nonPositive; // [nP]
  private final LogitRange logits = new LogitRange();
  private long queries;
  private long exactQueries;

  /** Creates empty metrics for {@code termCount} requested {@code P}. */
  SequenceMetrics(int termCount) {
    errors = new ErrorStats[termCount];
    nonPositive = new long[termCount];
    for (int r = 0; r < termCount; r++) {
      errors[r] = new ErrorStats();
    }
  }

  /** Adds one query's outcome and returns this. */
  SequenceMetrics add(QueryOutcome outcome, int dv) {
    if (outcome.hasExact()) {
      exactQueries++;
      logits.add(outcome.minLogit());
      logits.add(outcome.maxLogit());
    }
    if (!outcome.hasTaylor()) {
      return this;
    }
    queries++;
    for (int r = 0; r < errors.length; r++) {
      if (!(outcome.denominators()[r] > 0)) {
        nonPositive[r]++;
      } else if (outcome.hasExact()) {
        errors[r].add(outcome.approximation(r, dv), 0, outcome.exact(), 0, dv);
      }
    }
    return this;
  }

  /** Adds {@code other} into this and returns this; {@code other} is not modified. */
  SequenceMetrics merge(SequenceMetrics other) {
    for (int r = 0; r < errors.length; r++) {
      errors[r].merge(other.errors[r]);
      nonPositive[r] += other.nonPositive[r];
    }
    logits.merge(other.logits);
    queries += other.queries;
    exactQueries += other.exactQueries;
    return this;
  }

  /** Returns the error statistics of the {@code r}-th requested {@code P}. */
  ErrorStats errors(int r) {
    return errors[r];
  }

  /** Returns how many queries had {@code Z <= 0} (or NaN) for the {@code r}-th requested P. */
  long nonPositive(int r) {
    return nonPositive[r];
  }

  /** Returns the range of the logits of the exact evaluations. */
  LogitRange logits() {
    return logits;
  }

  /** Returns the number of queries with a Taylor output. */
  long queries() {
    return queries;
  }

  /** Returns the number of queries with an exact output. */
  long exactQueries() {
    return exactQueries;
  }
}
