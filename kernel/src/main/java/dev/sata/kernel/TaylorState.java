package dev.sata.kernel;

import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Constant-size Taylor attention state of a set of tokens.
 *
 * <p>For keys {@code k_t} and values {@code v_t} the state is {@code H = sum_t phi_k(k_t) v_t^T}
 * ({@code [D, dv]} row-major) and {@code z = sum_t phi_k(k_t)} ({@code [D]}), where {@code phi_k}
 * is the key side of a {@link TaylorFeatureMap}. A query {@code q} then gets
 *
 * <pre>
 *   y(q) = (phi_q(q)^T H) / (phi_q(q)^T z) = sum_t T_P(q.k_t / c) v_t / sum_t T_P(q.k_t / c).
 * </pre>
 *
 * The state has {@code D * (dv + 1)} numbers whatever the token count. States of disjoint token
 * sets add ({@link #merge}), in any order and any tree, up to floating-point rounding.
 *
 * <p>{@link Precision#FLOAT64} stores {@code double[]}; {@link Precision#FLOAT32} stores {@code
 * float[]} and accumulates in float32 (features are computed in float64 and rounded once).
 *
 * <p>Not thread-safe for modification. The evaluation methods allocate their own buffers, so
 * several threads may evaluate one state at once as long as none modifies it.
 *
 * <p>Serialization: {@link #toBytes()} writes a 46-byte big-endian header then {@code H} and {@code
 * z} raw; Java serialization uses the same bytes through {@code writeReplace}. Layout: magic {@code
 * "SATA"} (int), format version (int, 1), {@code d} (int), {@code dv} (int), {@code P} (int),
 * {@code c} (double), placement ordinal (byte), precision ordinal (byte), token count (long),
 * {@code D} (int, redundant, checked), reserved (int, 0), then {@code D*dv} numbers of {@code H}
 * and {@code D} numbers of {@code z} in the state's precision.
 */
public final class TaylorState implements Serializable {

  private static final long serialVersionUID = 1L;

  static final int MAGIC = 0x53415441; // "SATA"
  static final int FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 4 + 4 + 4 + 4 + 4 + 8 + 1 + 1 + 8 + 4 + 4;

  /**
   * Minimum and maximum number of keys mapped together per pass over {@code H} in {@code
   * accumulate}.
   */
  static final int MIN_KEY_BLOCK = 8;

  static final int MAX_KEY_BLOCK = 32;

  /** Size of the key feature buffer that sets the block between those bounds: 8 MiB. */
  static final long KEY_FEATURE_BYTES = 8L << 20;

  private final TaylorFeatureMap map;
  private final int dv; // value size
  private final Precision precision;
  private final double[] h; // [D, dv] row-major, FLOAT64 only
  private final double[] z; // [D], FLOAT64 only
  private final float[] hFloat; // [D, dv] row-major, FLOAT32 only
  private final float[] zFloat; // [D], FLOAT32 only
  private long tokens;

  private transient StateKernels kernels; // null until first use, then KernelProvider's choice
  private transient double[] keyFeatures; // [D, keyBlock] scratch for accumulate
  private transient double[] keyLanes; // [d, keyBlock] scratch for accumulate
  private transient float[] valuesFloat; // [keyBlock, dv] scratch for FLOAT32 accumulate

  private TaylorState(TaylorFeatureMap map, int dv, Precision precision) {
    this.map = map;
    this.dv = dv;
    this.precision = precision;
    int features = SymmetricBasis.checkedFeatureCount(map.d(), map.terms(), dv);
    if (precision == Precision.FLOAT64) {
      h = new double[features * dv];
      z = new double[features];
      hFloat = null;
      zFloat = null;
    } else {
      h = null;
      z = null;
      hFloat = new float[features * dv];
      zFloat = new float[features];
    }
  }

  /**
   * Returns an empty state (all zeros, no tokens).
   *
   * @param map the feature map, shared, not copied
   * @param dv value size, at least 1
   * @param precision number type of {@code H} and {@code z}
   */
  public static TaylorState empty(TaylorFeatureMap map, int dv, Precision precision) {
    if (map == null) {
      throw new IllegalArgumentException("map must not be null");
    }
    if (precision == null) {
      throw new IllegalArgumentException("precision must not be null");
    }
    Checks.requirePositive("dv", dv);
    return new TaylorState(map, dv, precision);
  }

  /** Returns the feature map. */
  public TaylorFeatureMap featureMap() {
    return map;
  }

  /** Returns {@code dv}, the value size. */
  public int dv() {
    return dv;
  }

  /** Returns the number type of the stored numbers. */
  public Precision precision() {
    return precision;
  }

  /** Returns the number of tokens accumulated, summed over merges. */
  public long tokens() {
    return tokens;
  }

  /** Returns {@code D * (dv + 1)}, the count of stored numbers. */
  public long sizeInNumbers() {
    return (long) map.dimension() * (dv + 1);
  }

  /**
   * Adds {@code n} tokens: {@code H += sum_t phi_k(k_t) v_t^T}, {@code z += sum_t phi_k(k_t)}.
   *
   * @param keys {@code [n, d]} row-major from index 0; not modified
   * @param values {@code [n, dv]} row-major from index 0; not modified
   */
  public void accumulate(double[] keys, double[] values, int n) {
    accumulate(keys, 0, values, 0, n);
  }

  /**
   * Adds {@code n} tokens whose keys start at {@code keyOffset} and values at {@code valueOffset},
   * both row-major ({@code [n, d]} and {@code [n, dv]}); neither is modified. Keys are processed in
   * blocks of 8 to 32 (as many as fit a feature buffer of 8 MiB), so that each row of {@code H} is
   * loaded once per block. Costs {@code n * (D + 2 D (dv + 1))} floating-point operations.
   */
  public void accumulate(double[] keys, int keyOffset, double[] values, int valueOffset, int n) {
    int d = map.d();
    Checks.requireNonNegative("n", n);
    Checks.requireRange("keys", keys, keyOffset, (long) n * d, "[n, d] = [" + n + ", " + d + "]");
    Checks.requireRange(
        "values", values, valueOffset, (long) n * dv, "[n, dv] = [" + n + ", " + dv + "]");

    int block = keyBlock();
    for (int start = 0; start < n; start += block) {
      int count = Math.min(block, n - start);
      accumulateBlock(keys, keyOffset + start * d, values, valueOffset + start * dv, count);
    }
  }

  /**
   * Adds one token.
   *
   * @param key {@code d} numbers from {@code keyOffset}; not modified
   * @param value {@code dv} numbers from {@code valueOffset}; not modified
   */
  public void accumulate(double[] key, int keyOffset, double[] value, int valueOffset) {
    accumulate(key, keyOffset, value, valueOffset, 1);
  }

  /** Maps {@code count <= keyBlock()} keys, then updates {@code z} and {@code H} in one pass. */
  private void accumulateBlock(
      double[] keys, int keyOffset, double[] values, int valueOffset, int count) {
    int features = map.dimension();
    int block = keyBlock();
    double[] phi = keyFeatures(features);

    // key features [D, block], keys side by side
    map.mapKeyBlock(kernels(), keys, keyOffset, count, block, keyLanes(), phi);

    // z and H
    if (precision == Precision.FLOAT64) {
      kernels().addOuterProducts(phi, features, block, values, valueOffset, count, dv, h, z);
    } else {
      float[] valuesF = valuesFloat();
      for (int i = 0; i < count * dv; i++) {
        valuesF[i] = (float) values[valueOffset + i];
      }
      kernels().addOuterProductsFloat(phi, features, block, valuesF, count, dv, hFloat, zFloat);
    }
    tokens += count;
  }

  /**
   * Adds {@code other} into this state ({@code this += other}) and returns this.
   *
   * @param other not modified; must have the same {@code d}, {@code dv}, {@code P}, {@code c},
   *     placement and precision
   * @throws IllegalArgumentException naming both configurations when they differ
   */
  public TaylorState merge(TaylorState other) {
    requireCompatible(other);

    // element-wise sum
    if (precision == Precision.FLOAT64) {
      for (int i = 0; i < h.length; i++) {
        h[i] += other.h[i];
      }
      for (int i = 0; i < z.length; i++) {
        z[i] += other.z[i];
      }
    } else {
      for (int i = 0; i < hFloat.length; i++) {
        hFloat[i] += other.hFloat[i];
      }
      for (int i = 0; i < zFloat.length; i++) {
        zFloat[i] += other.zFloat[i];
      }
    }
    tokens += other.tokens;
    return this;
  }

  /** Returns an independent copy (the feature map is shared, as it is immutable). */
  public TaylorState copy() {
    TaylorState copy = new TaylorState(map, dv, precision);
    copy.merge(this);
    copy.tokens = tokens;
    return copy;
  }

  /**
   * Computes the numerator {@code phi_q(q)^T H} and returns the denominator {@code phi_q(q)^T z}
   * for the first {@code P'} terms (feature prefix of length {@code D(P')}). The output is {@code
   * numerator / denominator}; a denominator {@code <= 0} is possible when {@code P'} is even and
   * some logits are strongly negative.
   *
   * @param query {@code d} numbers from {@code queryOffset}; not modified
   * @param terms {@code P'} in {@code [1, P]}
   * @param numerator {@code dv} numbers from {@code numeratorOffset} are overwritten
   * @return the denominator
   */
  public double evaluate(
      double[] query, int queryOffset, int terms, double[] numerator, int numeratorOffset) {
    Checks.requireTerms("terms", terms, map.terms());
    Checks.requireRange("numerator", numerator, numeratorOffset, dv, "[dv] = [" + dv + "]");
    int length = map.dimension(terms);
    double[] phi = new double[length];
    map.mapQuery(kernels(), query, queryOffset, phi, 0, terms);

    // numerator and denominator over the prefix
    Arrays.fill(numerator, numeratorOffset, numeratorOffset + dv, 0);
    if (precision == Precision.FLOAT64) {
      return kernels().contract(phi, 0, length, h, z, dv, numerator, numeratorOffset);
    }
    return kernels().contractFloat(phi, 0, length, hFloat, zFloat, dv, numerator, numeratorOffset);
  }

  /**
   * Computes the numerators and denominators for every {@code P' = 1 .. P} from one feature vector:
   * per-degree partial sums, then a prefix sum over the degrees. Costs {@code D + 2 D (dv + 1) + P
   * (dv + 1)} operations.
   *
   * @param query {@code d} numbers from {@code queryOffset}; not modified
   * @param numerators {@code [P, dv]} row-major from index 0, overwritten: row {@code P'-1} is
   *     {@code phi_q(q)^T H} with {@code P'} terms
   * @param denominators {@code [P]} from index 0, overwritten: entry {@code P'-1} is {@code
   *     phi_q(q)^T z} with {@code P'} terms
   */
  public void evaluateByTerms(
      double[] query, int queryOffset, double[] numerators, double[] denominators) {
    int terms = map.terms();
    Checks.requireRange(
        "numerators", numerators, 0, (long) terms * dv, "[P, dv] = [" + terms + ", " + dv + "]");
    Checks.requireRange("denominators", denominators, 0, terms, "[P] = [" + terms + "]");
    double[] phi = new double[map.dimension()];
    map.mapQuery(kernels(), query, queryOffset, phi, 0, terms);

    // per-degree partial sums into row p
    for (int p = 0; p < terms; p++) {
      int start = map.degreeOffset(p);
      int length = map.degreeOffset(p + 1) - start;
      Arrays.fill(numerators, p * dv, (p + 1) * dv, 0);
      denominators[p] =
          precision == Precision.FLOAT64
              ? kernels().contract(phi, start, length, h, z, dv, numerators, p * dv)
              : kernels().contractFloat(phi, start, length, hFloat, zFloat, dv, numerators, p * dv);
    }

    // prefix sums over the degrees
    for (int p = 1; p < terms; p++) {
      denominators[p] += denominators[p - 1];
      for (int j = 0; j < dv; j++) {
        numerators[p * dv + j] += numerators[(p - 1) * dv + j];
      }
    }
  }

  /** Returns a copy of {@code H} as float64, {@code [D, dv]} row-major (for tests and reports). */
  public double[] numeratorState() {
    return precision == Precision.FLOAT64 ? h.clone() : toDoubles(hFloat);
  }

  /** Returns a copy of {@code z} as float64, {@code [D]}. */
  public double[] denominatorState() {
    return precision == Precision.FLOAT64 ? z.clone() : toDoubles(zFloat);
  }

  /** Returns the compact binary form described in the class comment. */
  public byte[] toBytes() {
    int features = map.dimension();
    int width = precision == Precision.FLOAT64 ? Double.BYTES : Float.BYTES;
    long total = HEADER_BYTES + (long) features * (dv + 1) * width;
    if (total > SymmetricBasis.MAX_ARRAY_LENGTH) {
      throw new IllegalStateException(
          "state of "
              + total
              + " bytes exceeds the byte array limit "
              + SymmetricBasis.MAX_ARRAY_LENGTH);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) total).order(ByteOrder.BIG_ENDIAN);

    // header
    buffer.putInt(MAGIC).putInt(FORMAT_VERSION);
    buffer.putInt(map.d()).putInt(dv).putInt(map.terms()).putDouble(map.scale());
    buffer.put((byte) map.placement().ordinal()).put((byte) precision.ordinal());
    buffer.putLong(tokens).putInt(features).putInt(0);

    // H then z
    if (precision == Precision.FLOAT64) {
      buffer.asDoubleBuffer().put(h).put(z);
    } else {
      buffer.asFloatBuffer().put(hFloat).put(zFloat);
    }
    return buffer.array();
  }

  /**
   * Reads the binary form written by {@link #toBytes()}.
   *
   * @throws IllegalArgumentException when the bytes are not a valid state: wrong magic, version,
   *     configuration out of range, or a length that does not match the header
   */
  public static TaylorState fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "invalid TaylorState bytes: length "
              + (bytes == null ? "null" : bytes.length)
              + " is shorter than the header of "
              + HEADER_BYTES
              + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);

    // header
    Header header = Header.read(buffer);
    TaylorFeatureMap map =
        new TaylorFeatureMap(header.d, header.terms, header.scale, header.placement);
    if (map.dimension() != header.features) {
      throw new IllegalArgumentException(
          "invalid TaylorState bytes: header D = "
              + header.features
              + " but d = "
              + header.d
              + ", P = "
              + header.terms
              + " give D = "
              + map.dimension());
    }
    int width = header.precision == Precision.FLOAT64 ? Double.BYTES : Float.BYTES;
    long expected = HEADER_BYTES + (long) header.features * (header.dv + 1L) * width;
    if (bytes.length != expected) {
      throw new IllegalArgumentException(
          "invalid TaylorState bytes: length "
              + bytes.length
              + " does not match the "
              + expected
              + " bytes implied by the header (D = "
              + header.features
              + ", dv = "
              + header.dv
              + ", "
              + header.precision
              + ")");
    }

    // body
    TaylorState state = empty(map, header.dv, header.precision);
    state.tokens = header.tokens;
    if (header.precision == Precision.FLOAT64) {
      buffer.asDoubleBuffer().get(state.h).get(state.z);
    } else {
      buffer.asFloatBuffer().get(state.hFloat).get(state.zFloat);
    }
    return state;
  }

  @Override
  public String toString() {
    return "TaylorState[" + map + ", dv=" + dv + ", " + precision + ", tokens=" + tokens + "]";
  }

  private void requireCompatible(TaylorState other) {
    if (other == null) {
      throw new IllegalArgumentException("other state must not be null");
    }
    if (!map.sameAs(other.map) || dv != other.dv || precision != other.precision) {
      throw new IllegalArgumentException(
          "cannot merge states with different configurations: this is "
              + describe()
              + ", other is "
              + other.describe());
    }
  }

  private String describe() {
    return "(d="
        + map.d()
        + ", dv="
        + dv
        + ", P="
        + map.terms()
        + ", scale="
        + map.scale()
        + ", placement="
        + map.placement()
        + ", precision="
        + precision
        + ")";
  }

  /**
   * Returns the name of the loop implementation used for state updates and evaluations in this JVM:
   * {@code "scalar"} or {@code "vector (...)"} with the vector width. See the class comment of the
   * provider for how it is chosen ({@code --add-modules jdk.incubator.vector}, system property
   * {@code sata.kernel.implementation}).
   */
  public static String kernelImplementation() {
    return KernelProvider.kernels().name();
  }

  /** Uses {@code kernels} instead of the provider's choice (for tests); returns this. */
  TaylorState withKernels(StateKernels kernels) {
    this.kernels = kernels;
    return this;
  }

  private StateKernels kernels() {
    StateKernels k = kernels;
    if (k == null) {
      k = KernelProvider.kernels();
      kernels = k;
    }
    return k;
  }

  /**
   * Returns the keys per block: as many as fit {@link #KEY_FEATURE_BYTES}, within the bounds,
   * rounded down to a multiple of 8 (the vector loops need whole lane groups).
   */
  int keyBlock() {
    long fitting = KEY_FEATURE_BYTES / ((long) map.dimension() * Double.BYTES);
    long bounded = Math.max(MIN_KEY_BLOCK, Math.min(MAX_KEY_BLOCK, fitting));
    return (int) (bounded - bounded % 8);
  }

  private double[] keyLanes() {
    if (keyLanes == null) {
      keyLanes = new double[map.d() * keyBlock()];
    }
    return keyLanes;
  }

  private double[] keyFeatures(int features) {
    if (keyFeatures == null) {
      keyFeatures = new double[keyBlock() * features];
    }
    return keyFeatures;
  }

  private float[] valuesFloat() {
    if (valuesFloat == null) {
      valuesFloat = new float[keyBlock() * dv];
    }
    return valuesFloat;
  }

  private static double[] toDoubles(float[] values) {
    double[] result = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  private Object writeReplace() {
    return new SerializedForm(toBytes());
  }

  private void readObject(ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("TaylorState is read through its serialized form");
  }

  /** Java serialization proxy: the bytes of {@link #toBytes()}. */
  private static final class SerializedForm implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    SerializedForm(byte[] bytes) {
      this.bytes = bytes;
    }

    private Object readResolve() {
      return fromBytes(bytes);
    }
  }

  /** Parsed and validated header fields. */
  private static final class Header {
    int d;
    int dv;
    int terms;
    double scale;
    WeightPlacement placement;
    Precision precision;
    long tokens;
    int features;

    static Header read(ByteBuffer buffer) {
      // magic and version
      int magic = buffer.getInt();
      if (magic != MAGIC) {
        throw invalid("magic 0x" + Integer.toHexString(magic) + ", expected 0x53415441 (SATA)");
      }
      int version = buffer.getInt();
      if (version != FORMAT_VERSION) {
        throw invalid("format version " + version + ", expected " + FORMAT_VERSION);
      }

      // fields
      Header header = new Header();
      header.d = buffer.getInt();
      header.dv = buffer.getInt();
      header.terms = buffer.getInt();
      header.scale = buffer.getDouble();
      header.placement = enumAt(WeightPlacement.values(), buffer.get(), "placement");
      header.precision = enumAt(Precision.values(), buffer.get(), "precision");
      header.tokens = buffer.getLong();
      header.features = buffer.getInt();
      int reserved = buffer.getInt();

      // ranges
      if (header.d < 1 || header.dv < 1 || header.terms < 1 || header.tokens < 0) {
        throw invalid(
            "d = "
                + header.d
                + ", dv = "
                + header.dv
                + ", P = "
                + header.terms
                + ", tokens = "
                + header.tokens
                + "; expected d, dv, P >= 1 and tokens >= 0");
      }
      if (!(header.scale > 0) || Double.isInfinite(header.scale)) {
        throw invalid("scale " + header.scale + ", expected finite and positive");
      }
      if (reserved != 0) {
        throw invalid("reserved field " + reserved + ", expected 0");
      }
      return header;
    }

    private static <E> E enumAt(E[] values, byte ordinal, String name) {
      if (ordinal < 0 || ordinal >= values.length) {
        throw invalid(name + " ordinal " + ordinal + ", expected 0 to " + (values.length - 1));
      }
      return values[ordinal];
    }

    private static IllegalArgumentException invalid(String detail) {
      return new IllegalArgumentException("invalid TaylorState bytes: " + detail);
    }
  }
}
