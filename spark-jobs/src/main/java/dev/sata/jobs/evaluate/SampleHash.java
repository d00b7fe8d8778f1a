package dev.sata.jobs.evaluate;

/**
 * Deterministic 64-bit hashes for sampling queries and spreading them over blocks; the same on
 * every executor and every run, whatever the partitioning.
 */
final class SampleHash {

  private SampleHash() {}

  /**
   * Returns a well-mixed 64-bit hash of {@code x}: the finalising step of the SplitMix64 generator,
   * whose output bits each depend on every input bit.
   */
  static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Returns the sampling hash of query {@code id} (its {@code pos} or {@code query_id}). */
  static long of(long seed, SequenceKey sequence, long id) {
    long h = mix(seed);
    h = mix(h ^ stringHash(sequence.seqId()));
    h = mix(h ^ (((long) sequence.layer() << 32) | (sequence.head() & 0xFFFFFFFFL)));
    return mix(h ^ id);
  }

  /** Returns a 64-bit polynomial hash of the characters of {@code text}. */
  private static long stringHash(String text) {
    long h = 1125899906842597L;
    for (int i = 0; i < text.length(); i++) {
      h = 31 * h + text.charAt(i);
    }
    return h;
  }
}
