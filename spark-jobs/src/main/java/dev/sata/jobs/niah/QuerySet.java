package dev.sata.jobs.niah;

import java.io.Serializable;
import java.util.List;

/**
 * Every query of one haystack pass, flattened: one entry per (needle set, query, logit scale), with
 * the query vector {@code L u} that is sent, {@code [Q, d]} row-major.
 */
final class QuerySet implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int d;
  private final double[] vectors; // [Q, d]
  private final int[][][] index; // [needle set][query][scale] -> flat index

  /** Builds the queries of {@code sets} at every logit scale in {@code scales}. */
  QuerySet(List<NeedleSet> sets, double[] scales, int d) {
    this.d = d;
    int count = 0;
    index = new int[sets.size()][][];
    for (int s = 0; s < sets.size(); s++) {
      index[s] = new int[sets.get(s).queries().size()][scales.length];
      for (int q = 0; q < index[s].length; q++) {
        for (int l = 0; l < scales.length; l++) {
          index[s][q][l] = count++;
        }
      }
    }

    // query vector = logit scale times the unit direction
    vectors = new double[count * d];
    for (int s = 0; s < sets.size(); s++) {
      List<NeedleSet.Query> queries = sets.get(s).queries();
      for (int q = 0; q < queries.size(); q++) {
        double[] direction = queries.get(q).direction();
        for (int l = 0; l < scales.length; l++) {
          int offset = index[s][q][l] * d;
          for (int i = 0; i < d; i++) {
            vectors[offset + i] = scales[l] * direction[i];
          }
        }
      }
    }
  }

  /** Returns {@code Q}, the number of query vectors. */
  int size() {
    return vectors.length / d;
  }

  /** Returns {@code d}. */
  int d() {
    return d;
  }

  /** Returns the flat index of query {@code query} of needle set {@code set} at scale {@code l}. */
  int index(int set, int query, int scaleIndex) {
    return index[set][query][scaleIndex];
  }

  /** Returns the query vectors {@code [Q, d]} row-major (shared, do not modify). */
  double[] vectors() {
    return vectors;
  }
}
