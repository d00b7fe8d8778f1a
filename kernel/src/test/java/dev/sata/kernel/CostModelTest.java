package dev.sata.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
