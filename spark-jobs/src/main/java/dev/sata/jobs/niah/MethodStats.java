package dev.sata.jobs.niah;

/** Running totals of one method over the samples of a cell. Modified by {@link #add}. */
final class MethodStats {

  private int samples;
  private int correct;
  private double cosineSum;
  private double weightSum;
  private int nonPositive;

  /** Adds one scored retrieval. */
  void add(boolean isCorrect, double cosine, double needleWeight, boolean nonPositiveDenominator) {
    samples++;
    correct += isCorrect ? 1 : 0;
    cosineSum += cosine;
    weightSum += needleWeight;
    nonPositive += nonPositiveDenominator ? 1 : 0;
  }

  /** Adds the totals of {@code other}. */
  void addAll(MethodStats other) {
    samples += other.samples;
    correct += other.correct;
    cosineSum += other.cosineSum;
    weightSum += other.weightSum;
    nonPositive += other.nonPositive;
  }

  int samples() {
    return samples;
  }

  double accuracy() {
    return samples == 0 ? Double.NaN : (double) correct / samples;
  }

  double meanCosine() {
    return samples == 0 ? Double.NaN : cosineSum / samples;
  }

  double meanNeedleWeight() {
    return samples == 0 ? Double.NaN : weightSum / samples;
  }

  int nonPositiveDenominators() {
    return nonPositive;
  }
}
