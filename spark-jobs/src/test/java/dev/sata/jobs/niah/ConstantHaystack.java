package dev.sata.jobs.niah;

/**
 * Test haystack whose every token is the same: key {@code c e_1} (orthogonal to a query along
 * {@code e_0}, so its logit is 0) and value code {@code code}.
 */
final class ConstantHaystack extends CodedHaystack {

  private static final long serialVersionUID = 1L;

  private final int code;

  ConstantHaystack(int d, Codebook codebook, int code) {
    super(0, d, codebook);
    this.code = code;
  }

  @Override
  public void fill(HaystackChunk chunk, double[] keys, double[] values) {
    for (int i = 0; i < chunk.count(); i++) {
      for (int j = 0; j < d; j++) {
        keys[i * d + j] = j == 1 ? Math.sqrt(d) : 0;
      }
      codebook.write(code, values, i * codebook.dv());
    }
  }
}
