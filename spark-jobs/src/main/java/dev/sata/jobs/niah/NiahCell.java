package dev.sata.jobs.niah;

/**
 * One cell of the sweep: a method at one (task, d, logit scale, length, depth), over all trials.
 *
 * @param task task name
 * @param method {@code exact} or {@code sata}
 * @param terms {@code P} for {@code sata}, 0 for {@code exact}
 * @param d key size
 * @param dv value size
 * @param logitScale {@code L}, the needle's logit
 * @param length haystack length {@code n}, tokens
 * @param depth needle depth, fraction in {@code [0, 1]}
 * @param trials trials (needle sets), each at this depth
 * @param samples retrievals scored: trials times queries per trial
 * @param accuracy fraction of samples whose decoded output is correct
 * @param meanCosine mean cosine of the output with the ideal output (0 for an unusable output)
 * @param meanNeedleWeight mean attention weight of the queried needle's tokens: {@code e^(s - m) /
 *     l} exact, {@code T_P(s) / Z} for Taylor
 * @param nonPositiveDenominators samples whose Taylor denominator {@code Z} was zero or negative
 *     (always 0 for exact)
 */
public record NiahCell(
    String task,
    String method,
    int terms,
    int d,
    int dv,
    double logitScale,
    long length,
    double depth,
    int trials,
    int samples,
    double accuracy,
    double meanCosine,
    double meanNeedleWeight,
    int nonPositiveDenominators) {

  /** Returns {@code exact} or {@code P=3}: the method as charts and tables label it. */
  public String methodLabel() {
    return terms == 0 ? "exact" : "P=" + terms;
  }
}
