package dev.sata.jobs.niah;

import java.util.SplittableRandom;

/**
 * The random haystack of the synthetic tasks. Token {@code t} depends only on {@code (seed, d, dv,
 * t)}: its key is {@code c u_t}, {@code u_t} a uniformly random unit vector of {@code R^d} and
 * {@code c = sqrt(d)} the logit divisor, and its value a uniformly drawn codebook code. So a chunk
 * depends only on its position range, every chunking gives the same haystack, the haystack of
 * length {@code 4n} starts with the one of length {@code n}, and any single token can be
 * regenerated alone.
 */
final class SyntheticHaystack extends CodedHaystack {

  private static final long serialVersionUID = 1L;

  SyntheticHaystack(long seed, int d, Codebook codebook) {
    super(seed, d, codebook);
  }

  @Override
  public void fill(HaystackChunk chunk, double[] keys, double[] values) {
    for (int i = 0; i < chunk.count(); i++) {
      token(chunk.start() + i, keys, i * d, values, i * codebook.dv());
    }
  }

  /** Writes token {@code position}: its key at {@code keyOffset}, its value at valueOffset. */
  void token(long position, double[] keys, int keyOffset, double[] values, int valueOffset) {
    SplittableRandom random = Seeds.random(seed, Seeds.HAYSTACK, d, codebook.dv(), position);
    Seeds.unitVector(random, keys, keyOffset, d);
    double c = Math.sqrt(d);
    for (int i = 0; i < d; i++) {
      keys[keyOffset + i] *= c;
    }
    codebook.write(random.nextInt(codebook.size()), values, valueOffset);
  }
}
