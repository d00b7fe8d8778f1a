package dev.sata.kernel;

/**
 * Placement of the per-feature weight {@code alpha_p C_p = C_p / (p! c^p)} of the Taylor feature
 * map on the query and key sides. Both placements give the same products {@code phi_q(q) . phi_k(k)
 * = T_P(q.k / c)}; they differ only in rounding and in the range of the stored numbers.
 */
public enum WeightPlacement {
  /** Both sides carry {@code sqrt(alpha_p C_p)}, so query and key features are identical maps. */
  SPLIT,
  /** Query features are the plain monomials; key features carry the whole {@code alpha_p C_p}. */
  KEY_SIDE
}
