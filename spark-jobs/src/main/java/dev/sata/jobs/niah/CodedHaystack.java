package dev.sata.jobs.niah;

/**
 * Base of the haystacks whose values are codebook codes: keeps the seed, the key size and the
 * codebook.
 */
abstract class CodedHaystack implements HaystackSource {

  private static final long serialVersionUID = 1L;

  protected final long seed;
  protected final int d;
  protected final Codebook codebook;

  CodedHaystack(long seed, int d, Codebook codebook) {
    this.seed = seed;
    this.d = d;
    this.codebook = codebook;
  }

  @Override
  public int d() {
    return d;
  }

  @Override
  public int dv() {
    return codebook.dv();
  }
}
