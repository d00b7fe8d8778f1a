package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The geometric then binary capacity search on accuracy functions with a known break. */
class CapacitySearchTest {

  private static final long[] CANDIDATES = LengthGrid.capacityLengths(16, 1L << 24);

  @Test
  void findsKnownBreakingLength() {
    Set<Integer> probed = new HashSet<>();

    CapacitySearch.Result result =
        CapacitySearch.search(
            CANDIDATES,
            LengthGrid.STEPS_PER_OCTAVE,
            i -> {
              assertTrue(probed.add(i), "candidate " + i + " probed twice");
              return CANDIDATES[i] <= 1000;
            });

    assertEquals(CapacitySearch.Status.FOUND, result.status(), "status");
    // 16 * 2^(47/8) rounds to 939, 16 * 2^(48/8) is 1024
    assertEquals(939, result.capacity(), "capacity");
    assertEquals(1024, result.firstFailure(), "first failure");
    assertEquals(probed.size(), result.probes(), "probe count");
    assertTrue(
        result.probes() <= 12,
        "search of " + CANDIDATES.length + " candidates took " + result.probes() + " probes");
  }

  @Test
  void reportsBelowMinimum() {
    CapacitySearch.Result result =
        CapacitySearch.search(CANDIDATES, LengthGrid.STEPS_PER_OCTAVE, i -> false);

    assertEquals(CapacitySearch.Status.BELOW_MIN, result.status(), "status");
    assertEquals(0, result.capacity(), "capacity");
    assertEquals(16, result.firstFailure(), "first failure");
    assertEquals(1, result.probes(), "probes");
  }

  @Test
  void reportsAtLeastMaximum() {
    CapacitySearch.Result result =
        CapacitySearch.search(CANDIDATES, LengthGrid.STEPS_PER_OCTAVE, i -> true);

    assertEquals(CapacitySearch.Status.AT_LEAST_MAX, result.status(), "status");
    assertEquals(1L << 24, result.capacity(), "capacity");
    assertEquals(21, result.probes(), "1 + 20 doublings from 16 to 16M");
  }

  @Test
  void breakInsideTheLastPartialDoubling() {
    // candidates 16, 17, ..., 64, 70, 76, 83, 91, 99, then the maximum 100
    long[] candidates = LengthGrid.capacityLengths(16, 100);

    CapacitySearch.Result result =
        CapacitySearch.search(candidates, LengthGrid.STEPS_PER_OCTAVE, i -> candidates[i] <= 70);

    assertEquals(CapacitySearch.Status.FOUND, result.status(), "status");
    assertEquals(70, result.capacity(), "capacity");
    assertEquals(76, result.firstFailure(), "first failure");
    assertEquals(100, candidates[candidates.length - 1], "maximum appended");
  }

  @Test
  void gridDoublesEveryStride() {
    for (int i = 0; i < CANDIDATES.length; i += LengthGrid.STEPS_PER_OCTAVE) {
      assertEquals(16L << (i / LengthGrid.STEPS_PER_OCTAVE), CANDIDATES[i], "candidate " + i);
    }
  }
}
