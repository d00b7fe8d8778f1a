package dev.sata.kernel;

/** Number type of a stored Taylor state ({@code H} and {@code z}). */
public enum Precision {
  /** IEEE 754 binary64: 8 bytes per number. The default. */
  FLOAT64,
  /** IEEE 754 binary32: 4 bytes per number; features are still computed in float64. */
  FLOAT32
}
