package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CostModelTest {

  /** Counts for d = dv = 32, P = 4 (D = 6545), computed by hand. */
  @Test
  void handComputedCounts() {
    assertEquals(6545L * 33, CostModel.stateSize(32, 32, 4), "state size D (dv + 1)");
    assertEquals(6545 + 2.0 * 6545 * 33, CostModel.flopsPerQuery(32, 32, 4), 0, "per query");
    assertEquals(438_515, CostModel.flopsPerKey(32, 32, 4), 0, "per key");
    assertEquals(64_000, CostModel.kvCacheSize(1000, 32, 32), "KV cache n (d + dv)");
    assertEquals(1000 * 130.0, CostModel.softmaxFlopsPerQuery(1000, 32, 32), 0, "softmax");
    // 438515 / 130 = 3373.2, so n = 3374 is the first length where softmax costs more
    assertEquals(3374, CostModel.crossoverLength(32, 32, 4), "crossover");
    assertEquals(2.0 * 3 * 5 * (32 + 4 + 32), CostModel.pairwiseFlops(3, 5, 32, 32, 4), 0, "pairs");
    assertEquals(
        2.0 * 3 * 5 * (32 + 4 + 4 * 32),
        CostModel.pairwiseFlopsAllTerms(3, 5, 32, 32, 4),
        0,
        "pairs, all P'");
    assertEquals(8 * 438_515.0, CostModel.stateRouteFlops(3, 5, 32, 32, 4), 0, "state route");
  }

  /** Route choice: pairwise for one MiniLM-sized window at P = 6, state for long contexts. */
  @Test
  void routeChoice() {
    assertEquals(CostModel.Route.PAIRWISE, CostModel.chooseRoute(512, 512, 32, 32, 6), "n=512");
    assertEquals(
        CostModel.Route.STATE, CostModel.chooseRoute(1_000_000, 1_000_000, 8, 8, 3), "n=1e6 P=3");
  }

  /** Counts past the long range saturate instead of wrapping. */
  @Test
  void hugeCountsSaturate() {
    assertEquals(Long.MAX_VALUE, CostModel.stateSize(1_000_000, 1000, 40), "state size");
    assertEquals(Long.MAX_VALUE, CostModel.kvCacheSize(Long.MAX_VALUE / 2, 2, 2), "KV cache");
  }

  /** At d = dv = 128, P = 16 and 20 are past the long range; the exact counts are binomials. */
  @Test
  void exactCountsPastLongRange() {
    BigInteger d16 = new BigInteger("76435265515004093841");
    BigInteger d20 = new BigInteger("368213284721420417944665");

    assertEquals(d16, CostModel.exactFeatureCount(128, 16), "binom(143, 15)");
    assertEquals(d20, CostModel.exactFeatureCount(128, 20), "binom(147, 19)");
    assertEquals(
        d20.multiply(BigInteger.valueOf(129)),
        CostModel.exactStateSize(128, 128, 20),
        "state D (dv + 1)");
    assertEquals(
        new BigInteger("38515046241996226274"),
        CostModel.exactCrossoverLength(128, 128, 16),
        "floor(D (2 dv + 3) / (2d + 2dv + 2)) + 1");
    assertEquals(
        BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.valueOf(4)),
        CostModel.exactKvCacheSize(Long.MAX_VALUE, 2, 2),
        "KV cache n (d + dv)");
  }

  /** Flops follow the exact D past the long range instead of a saturated one. */
  @Test
  void flopsPastLongRange() {
    double p16 = CostModel.flopsPerQuery(128, 128, 16);
    double p20 = CostModel.flopsPerQuery(128, 128, 20);

    assertEquals(1.9796733768386060e22, p16, 2e8, "D (2 dv + 3) at P = 16");
    assertEquals(9.5367240742847888e25, p20, 1e12, "D (2 dv + 3) at P = 20");
    assertEquals(
        Double.POSITIVE_INFINITY, CostModel.flopsPerQuery(1_000_000, 1, 200), "D beyond 2^1022");
  }

  /** Exact counts beyond the double range are rejected with d and P in the message. */
  @Test
  void exactCountBeyondDoubleRangeIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CostModel.exactFeatureCount(1_000_000, 200));

    assertTrue(e.getMessage().contains("d = 1000000, P = 200"), e.getMessage());
  }

  /** The fit of a state agrees with the kernel's own check before building a state. */
  @Test
  void stateFitMatchesBuildCheck() {
    long heap = Runtime.getRuntime().maxMemory();
    int[][] cases = {{32, 32, 4}, {512, 1, 6}, {64, 4000, 5}, {128, 128, 16}, {8, 8, 3}};

    for (int[] c : cases) {
      CostModel.StateFit fit = CostModel.stateFit(c[0], c[1], c[2], heap);
      boolean built = true;
      try {
        SymmetricBasis.checkedFeatureCount(c[0], c[2], c[1]);
      } catch (IllegalArgumentException e) {
        built = false;
      }
      String what = "d = " + c[0] + ", dv = " + c[1] + ", P = " + c[2] + ": " + fit;
      assertEquals(built, fit.buildable(), what);
    }
  }

  /** Each limit is named: features, state length, then heap. */
  @Test
  void stateFitNamesLimit() {
    assertEquals(
        CostModel.StateFit.FEATURES_EXCEED_ARRAY_LIMIT,
        CostModel.stateFit(128, 128, 16, Long.MAX_VALUE),
        "D ~ 7.6e19");
    assertEquals(
        CostModel.StateFit.STATE_EXCEEDS_ARRAY_LIMIT,
        CostModel.stateFit(64, 4000, 5, Long.MAX_VALUE),
        "D = 766,480 fits, D (dv + 1) ~ 3.1e9 does not");
    assertEquals(
        CostModel.StateFit.STATE_EXCEEDS_HEAP,
        CostModel.stateFit(32, 32, 4, 1000),
        "215,985 float64 numbers over a 1000-byte heap");
    assertEquals(CostModel.StateFit.FITS, CostModel.stateFit(32, 32, 4, 1L << 30), "1 GiB heap");
  }
}
