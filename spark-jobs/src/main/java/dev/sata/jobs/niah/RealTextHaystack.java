package dev.sata.jobs.niah;

import java.util.SplittableRandom;

/**
 * The real-text haystack: English Europarl sentences embedded with MiniLM (384 numbers, mean
 * pooled, unit norm), reduced to {@code d} dimensions by a fixed random projection.
 *
 * <p>Projection: {@code x -> R x / |R x|} with {@code R} a {@code [d, 384]} matrix of independent
 * standard normal entries drawn from {@code (seed, d)}. A key is {@code c} times the projected
 * sentence ({@code c = sqrt(d)}), a query is the logit scale {@code L} times the projected
 * question, so a logit is {@code L} times the cosine of the two projected embeddings. The value of
 * token {@code t} is a codebook code drawn from {@code (seed, dv, t)}.
 */
final class RealTextHaystack extends CodedHaystack {

  private static final long serialVersionUID = 1L;

  /** Size of a MiniLM sentence embedding. */
  static final int EMBEDDING_SIZE = 384;

  private transient double[] projection; // [d, 384] row-major, rebuilt on each executor

  RealTextHaystack(long seed, int d, Codebook codebook) {
    super(seed, d, codebook);
  }

  @Override
  public void fill(HaystackChunk chunk, double[] keys, double[] values) {
    if (chunk.embeddings() == null || chunk.embeddings().length != chunk.count()) {
      throw new IllegalStateException(
          "real-text chunk " + chunk.index() + " has no embedding per sentence");
    }
    double c = Math.sqrt(d);
    for (int i = 0; i < chunk.count(); i++) {
      double[] direction = project(chunk.embeddings()[i]);
      for (int j = 0; j < d; j++) {
        keys[i * d + j] = c * direction[j];
      }
      long position = chunk.start() + i;
      int code =
          Seeds.random(seed, Seeds.TEXT_VALUES, codebook.dv(), position).nextInt(codebook.size());
      codebook.write(code, values, i * codebook.dv());
    }
  }

  /**
   * Returns the unit vector {@code R x / |R x|} for an embedding {@code x} of 384 numbers.
   *
   * @throws IllegalArgumentException when {@code x} has another size or projects to zero
   */
  double[] project(float[] embedding) {
    if (embedding.length != EMBEDDING_SIZE) {
      throw new IllegalArgumentException(
          "embedding has " + embedding.length + " numbers, expected " + EMBEDDING_SIZE);
    }
    double[] matrix = projection();
    double[] out = new double[d];
    double norm = 0;
    for (int i = 0; i < d; i++) {
      double sum = 0;
      for (int j = 0; j < EMBEDDING_SIZE; j++) {
        sum += matrix[i * EMBEDDING_SIZE + j] * embedding[j];
      }
      out[i] = sum;
      norm += sum * sum;
    }
    if (!(norm > 0)) {
      throw new IllegalArgumentException("embedding projects to the zero vector");
    }
    double inverse = 1 / Math.sqrt(norm);
    for (int i = 0; i < d; i++) {
      out[i] *= inverse;
    }
    return out;
  }

  private double[] projection() {
    if (projection == null) {
      SplittableRandom random = Seeds.random(seed, Seeds.PROJECTION, d);
      double[] matrix = new double[d * EMBEDDING_SIZE];
      for (int i = 0; i < matrix.length; i++) {
        matrix[i] = random.nextGaussian();
      }
      projection = matrix;
    }
    return projection;
  }
}
