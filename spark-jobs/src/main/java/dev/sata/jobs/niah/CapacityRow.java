package dev.sata.jobs.niah;

/**
 * Result of one capacity search: the largest context length at which a method keeps its accuracy at
 * or above the threshold.
 *
 * @param task task name
 * @param d key size
 * @param dv value size
 * @param method {@code exact} or {@code sata}
 * @param terms {@code P} for {@code sata}, 0 for {@code exact}
 * @param logitScale {@code L}
 * @param status {@code found}, {@code below-min} (even the shortest length fails) or {@code
 *     at-least-max} (the longest searched length still passes)
 * @param capacity the largest passing length found, 0 for {@code below-min}
 * @param firstFailure the failing length just above the capacity, 0 for {@code at-least-max}
 * @param probes lengths the search evaluated
 * @param stateFloats numbers in the Taylor state, {@code D (dv + 1)}; 0 for exact, which keeps a KV
 *     cache instead
 * @param kvCacheFloats numbers in a KV cache of the capacity length, {@code n (d + dv)}
 */
public record CapacityRow(
    String task,
    int d,
    int dv,
    String method,
    int terms,
    double logitScale,
    String status,
    long capacity,
    long firstFailure,
    int probes,
    long stateFloats,
    long kvCacheFloats) {

  /** Returns {@code exact} or {@code P=3}. */
  public String methodLabel() {
    return terms == 0 ? "exact" : "P=" + terms;
  }
}
