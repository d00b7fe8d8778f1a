package dev.sata.jobs.niah;

import java.util.SplittableRandom;

/**
 * Deterministic random streams of the job, each derived from the run seed and a few integers
 * (stream name, key size, position, trial), so that any token or needle can be generated alone, on
 * any executor, in any order.
 */
final class Seeds {

  /** Stream of the synthetic haystack tokens. */
  static final long HAYSTACK = 0x4841595354414b4cL;

  /** Stream of the codebook basis. */
  static final long CODEBOOK = 0x434f4445424f4f4bL;

  /** Stream of the needles of one trial. */
  static final long NEEDLES = 0x4e4545444c455321L;

  /** Stream of the real-text random projection. */
  static final long PROJECTION = 0x50524f4a45435421L;

  /** Stream of the codes of real-text haystack tokens. */
  static final long TEXT_VALUES = 0x5445585456414c53L;

  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private Seeds() {}

  /** Returns a generator seeded from {@code seed} and {@code parts}, in that order. */
  static SplittableRandom random(long seed, long... parts) {
    return new SplittableRandom(mix(seed, parts));
  }

  /**
   * Combines the parts with the SplitMix64 finaliser after each one, so that nearby inputs (e.g.
   * consecutive positions) give unrelated seeds.
   */
  static long mix(long seed, long... parts) {
    long h = finalise(seed + GOLDEN);
    for (long part : parts) {
      h = finalise(h ^ (part * GOLDEN + GOLDEN));
    }
    return h;
  }

  /** Fills {@code out[offset .. offset+d)} with a uniformly random unit vector. */
  static void unitVector(SplittableRandom random, double[] out, int offset, int d) {
    double norm = 0;
    while (norm < 1e-12) {
      norm = 0;
      for (int i = 0; i < d; i++) {
        double x = random.nextGaussian();
        out[offset + i] = x;
        norm += x * x;
      }
    }
    double inverse = 1 / Math.sqrt(norm);
    for (int i = 0; i < d; i++) {
      out[offset + i] *= inverse;
    }
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
