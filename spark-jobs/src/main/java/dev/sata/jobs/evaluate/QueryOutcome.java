package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * Results of one query: the Taylor approximation for each requested {@code P}, the exact softmax
 * output, or both. The two parts come from different stages on the state route and meet by {@link
 * #merge}.
 *
 * @param numerators {@code [nP, dv]} row-major, row {@code r} is {@code S = sum_k T_P(s_k) v_k} for
 *     the {@code r}-th requested {@code P}; null when not computed here
 * @param denominators {@code [nP]}, {@code Z = sum_k T_P(s_k)}; null when not computed here
 * @param exact {@code [dv]} the exact softmax output; null when not computed
 * @param minLogit the smallest logit {@code q.k / c} of the exact evaluation (NaN without it)
 * @param maxLogit the largest logit of the exact evaluation (NaN without it)
 */
@DefaultSerializer(JavaSerializer.class)
record QueryOutcome(
    double[] numerators, double[] denominators, double[] exact, double minLogit, double maxLogit)
    implements Serializable {

  /** Returns an outcome with the Taylor part only. */
  static QueryOutcome taylor(double[] numerators, double[] denominators) {
    return new QueryOutcome(numerators, denominators, null, Double.NaN, Double.NaN);
  }

  /** Returns whether the Taylor part is present. */
  boolean hasTaylor() {
    return denominators != null;
  }

  /** Returns whether the exact part is present. */
  boolean hasExact() {
    return exact != null;
  }

  /** Returns the outcome with the parts of both; where both have a part, this one's is kept. */
  QueryOutcome merge(QueryOutcome other) {
    boolean takeExact = !hasExact() && other.hasExact();
    return new QueryOutcome(
        hasTaylor() ? numerators : other.numerators,
        hasTaylor() ? denominators : other.denominators,
        takeExact ? other.exact : exact,
        takeExact ? other.minLogit : minLogit,
        takeExact ? other.maxLogit : maxLogit);
  }

  /** Returns {@code y_sata = S / Z} for the {@code r}-th requested {@code P} (a new array). */
  double[] approximation(int r, int dv) {
    double[] y = new double[dv];
    double z = denominators[r];
    for (int j = 0; j < dv; j++) {
      y[j] = numerators[r * dv + j] / z;
    }
    return y;
  }
}
