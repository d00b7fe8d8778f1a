package dev.sata.jobs.niah;

/**
 * Machine-independent counts and the wall time of one haystack pass.
 *
 * @param name {@code synthetic} or {@code real-text}
 * @param d key size
 * @param terms {@code P} of the states
 * @param tokens haystack tokens generated and folded in
 * @param tokenLimit most tokens the flop budget and the data allowed
 * @param queries query vectors (needle queries times logit scales)
 * @param gridLengths lengths the pass can evaluate
 * @param buildFlops state building, {@code tokens (D + 2 D (dv + 1))}
 * @param evaluationFlops bucket states evaluated for every query, {@code Q (D + 2 D (dv + 1))} each
 * @param exactFlops exact softmax, {@code Q tokens (2d + 2dv + 2)}
 * @param stateFloats numbers of one state, {@code D (dv + 1)}
 * @param seconds wall time of the pass and its evaluation
 */
public record PassSummary(
    String name,
    int d,
    int terms,
    long tokens,
    long tokenLimit,
    int queries,
    int gridLengths,
    double buildFlops,
    double evaluationFlops,
    double exactFlops,
    long stateFloats,
    double seconds) {}
