package dev.sata.datasets.synthetic;

import dev.sata.datasets.TokenRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A synthetic corpus of Gaussian token rows, generated where it is used.
 *
 * <p>Every component of {@code q} and {@code k} is an independent standard Gaussian times {@code
 * logitScale}; every component of {@code v} is standard Gaussian. Then {@code q.k} is a sum of d
 * products of variance {@code logitScale^4}, so the logit {@code q.k / sqrt(d)} has mean 0 and
 * standard deviation {@code logitScale^2}: a logit scale of 1 gives logits of standard deviation 1,
 * a scale of 2 gives 4.
 *
 * <p>Each sequence key {@code (sequence, layer, head)} is cut into chunks of {@code chunkSize}
 * positions (the last may be shorter). A chunk's values come from one {@link SplittableRandom}
 * seeded by a mix of {@code (seed, sequence, layer, head, chunk)} alone, so any chunk can be
 * generated on any machine, in any order, with bit-identical results, whatever the partitioning.
 */
public final class GaussianCorpus {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private GaussianCorpus() {}

  /**
   * Shape and seed of a Gaussian corpus.
   *
   * @param d length of {@code q} and {@code k}, at least 1
   * @param dv length of {@code v}, at least 1
   * @param sequences number of sequences, at least 1; {@code seq_id} is {@code gauss-<n>}, n from 0
   * @param length positions per sequence key, at least 1
   * @param layers layers per sequence, at least 1
   * @param heads heads per layer, at least 1
   * @param logitScale factor on {@code q} and {@code k}, positive and finite
   * @param seed the seed of the whole corpus
   * @param chunkSize positions generated from one random stream, at least 1
   */
  public record Spec(
      int d,
      int dv,
      long sequences,
      long length,
      int layers,
      int heads,
      double logitScale,
      long seed,
      int chunkSize)
      implements Serializable {

    /** Checks every field; messages name the {@code generate} option of the field. */
    public Spec {
      requirePositive("--d", d);
      requirePositive("--dv", dv);
      requirePositive("--sequences", sequences);
      requirePositive("--length", length);
      requirePositive("--layers", layers);
      requirePositive("--heads", heads);
      requirePositive("--chunk-size", chunkSize);
      if (!(logitScale > 0) || Double.isInfinite(logitScale)) {
        throw new IllegalArgumentException(
            "Invalid value for option '--logit-scale': "
                + logitScale
                + "; expected a positive finite number");
      }
    }

    /** Returns the number of chunks of one sequence key: {@code ceil(length / chunkSize)}. */
    public long chunksPerKey() {
      return (length + chunkSize - 1) / chunkSize;
    }

    /** Returns the number of sequence keys: {@code sequences * layers * heads}. */
    public long keys() {
      return Math.multiplyExact(sequences, (long) layers * heads);
    }

    /** Returns the number of token rows: {@code keys() * length}. */
    public long rows() {
      return Math.multiplyExact(keys(), length);
    }

    /** Returns the number of positions in chunk {@code chunk}: chunkSize, or fewer for the last. */
    public int chunkLength(long chunk) {
      return (int) Math.min(chunkSize, length - chunk * chunkSize);
    }
  }

  /**
   * Fills the values of one chunk of one sequence key.
   *
   * <p>Layouts: {@code q [n, d]} and {@code k [n, d]} and {@code v [n, dv]}, row-major, where
   * {@code n = spec.chunkLength(chunk)}; row {@code i} is position {@code chunk * chunkSize + i}.
   * Only the first {@code n * d} (or {@code n * dv}) entries are written; longer arrays are
   * allowed. Per position, q is drawn first, then k, then v.
   *
   * @throws IllegalArgumentException when an index is out of range or an array is too short
   */
  public static void fillChunk(
      Spec spec,
      long sequence,
      int layer,
      int head,
      long chunk,
      double[] q,
      double[] k,
      double[] v) {
    checkChunkArguments(spec, sequence, layer, head, chunk);
    int n = spec.chunkLength(chunk);
    requireLength("q", q, (long) n * spec.d());
    requireLength("k", k, (long) n * spec.d());
    requireLength("v", v, (long) n * spec.dv());

    // One stream per chunk, independent of where and when it is generated.
    SplittableRandom random =
        new SplittableRandom(chunkSeed(spec.seed(), sequence, layer, head, chunk));
    double scale = spec.logitScale();
    for (int i = 0; i < n; i++) {
      fillScaled(random, q, i * spec.d(), spec.d(), scale);
      fillScaled(random, k, i * spec.d(), spec.d(), scale);
      fillScaled(random, v, i * spec.dv(), spec.dv(), 1.0);
    }
  }

  /**
   * Returns the corpus as normalised token rows ({@link TokenRows#TOKEN_SCHEMA}), generated on the
   * executors with no I/O. Work is split into {@code partitions} ranges of chunks; the rows do not
   * depend on {@code partitions}.
   *
   * @param partitions number of Spark partitions, at least 1
   */
  public static Dataset<Row> generate(SparkSession spark, Spec spec, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '--partitions': " + partitions + "; expected at least 1");
    }
    long chunks = Math.multiplyExact(spec.keys(), spec.chunksPerKey());

    // Each task turns its range of chunk numbers into rows.
    JavaRDD<Row> rows =
        spark
            .range(0, chunks, 1, partitions)
            .javaRDD()
            .mapPartitions(numbers -> new ChunkRows(spec, numbers));
    return spark.createDataFrame(rows, TokenRows.TOKEN_SCHEMA);
  }

  /** Returns the token rows of chunk number {@code unit} (key-major, then chunk) of the corpus. */
  static List<Row> chunkRows(Spec spec, long unit) {
    long chunk = unit % spec.chunksPerKey();
    long rest = unit / spec.chunksPerKey();
    int head = (int) (rest % spec.heads());
    rest /= spec.heads();
    int layer = (int) (rest % spec.layers());
    long sequence = rest / spec.layers();

    int n = spec.chunkLength(chunk);
    double[] q = new double[n * spec.d()];
    double[] k = new double[n * spec.d()];
    double[] v = new double[n * spec.dv()];
    fillChunk(spec, sequence, layer, head, chunk, q, k, v);

    String seqId = "gauss-" + sequence;
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long pos = chunk * spec.chunkSize() + i;
      rows.add(
          RowFactory.create(
              seqId,
              layer,
              head,
              pos,
              slice(q, i, spec.d()),
              slice(k, i, spec.d()),
              slice(v, i, spec.dv())));
    }
    return rows;
  }

  /** Mixes the five coordinates of a chunk into one seed (SplitMix64 finaliser per step). */
  static long chunkSeed(long seed, long sequence, int layer, int head, long chunk) {
    long h = mix(seed + GOLDEN);
    h = mix(h ^ (sequence + GOLDEN));
    h = mix(h ^ (layer + 2 * GOLDEN));
    h = mix(h ^ (head + 3 * GOLDEN));
    return mix(h ^ (chunk + 4 * GOLDEN));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void fillScaled(
      SplittableRandom random, double[] out, int offset, int length, double scale) {
    for (int j = 0; j < length; j++) {
      out[offset + j] = random.nextGaussian() * scale;
    }
  }

  private static double[] slice(double[] values, int row, int width) {
    double[] out = new double[width];
    System.arraycopy(values, row * width, out, 0, width);
    return out;
  }

  private static void checkChunkArguments(
      Spec spec, long sequence, int layer, int head, long chunk) {
    if (sequence < 0 || sequence >= spec.sequences()) {
      throw new IllegalArgumentException(
          "sequence " + sequence + " out of range [0, " + spec.sequences() + ")");
    }
    if (layer < 0 || layer >= spec.layers()) {
      throw new IllegalArgumentException(
          "layer " + layer + " out of range [0, " + spec.layers() + ")");
    }
    if (head < 0 || head >= spec.heads()) {
      throw new IllegalArgumentException(
          "head " + head + " out of range [0, " + spec.heads() + ")");
    }
    if (chunk < 0 || chunk >= spec.chunksPerKey()) {
      throw new IllegalArgumentException(
          "chunk " + chunk + " out of range [0, " + spec.chunksPerKey() + ")");
    }
  }

  private static void requireLength(String name, double[] array, long needed) {
    if (array == null || array.length < needed) {
      throw new IllegalArgumentException(
          "array "
              + name
              + " has length "
              + (array == null ? "null" : array.length)
              + "; expected at least "
              + needed);
    }
  }

  private static void requirePositive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + option + "': " + value + "; expected at least 1");
    }
  }

  /** Iterates over the rows of a partition's chunk numbers, one chunk in memory at a time. */
  private static final class ChunkRows implements Iterator<Row> {
    private final Spec spec;
    private final Iterator<Long> numbers;
    private Iterator<Row> current = java.util.Collections.emptyIterator();

    ChunkRows(Spec spec, Iterator<Long> numbers) {
      this.spec = spec;
      this.numbers = numbers;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && numbers.hasNext()) {
        current = chunkRows(spec, numbers.next()).iterator();
      }
      return current.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }
  }
}
