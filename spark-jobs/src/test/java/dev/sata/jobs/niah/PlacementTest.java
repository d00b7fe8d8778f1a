package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Needle positions: first, middle and last token, spacing and wrap-around. */
class PlacementTest {

  @Test
  void depthsLandOnFirstMiddleLastForOddLength() {
    long n = 1001;

    assertEquals(0, Placement.needlePosition(n, 0.0), "depth 0%");
    assertEquals(500, Placement.needlePosition(n, 0.5), "depth 50% of 1001 is the middle token");
    assertEquals(1000, Placement.needlePosition(n, 1.0), "depth 100%");
  }

  @Test
  void depthsLandOnFirstMiddleLastForEvenLength() {
    long n = 1000;

    assertEquals(0, Placement.needlePosition(n, 0.0), "depth 0%");
    assertEquals(
        500, Placement.needlePosition(n, 0.5), "depth 50% of 1000: 499.5 rounds up to 500");
    assertEquals(999, Placement.needlePosition(n, 1.0), "depth 100%");
  }

  @Test
  void lengthOneHoldsEveryDepthAtZero() {
    for (double depth : new double[] {0, 0.3, 0.5, 1}) {
      assertEquals(0, Placement.needlePosition(1, depth), "depth " + depth + " of n = 1");
    }
  }

  @Test
  void tenPercentStepsOfSmallHaystack() {
    long[] expected = {0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15};

    long[] actual = new long[11];
    for (int i = 0; i <= 10; i++) {
      actual[i] = Placement.needlePosition(16, i / 10.0);
    }

    assertArrayEquals(
        expected, actual, "positions of 0%..100% in 16 tokens: " + Arrays.toString(actual));
  }

  @Test
  void severalNeedlesAreSpacedAndWrap() {
    long[] positions = Placement.positions(10, 1.0, 3);

    assertArrayEquals(new long[] {9, 2, 5}, positions, "9, then every floor(10/3) = 3, mod 10");
  }

  @Test
  void severalNeedlesAreDistinctWhenTheyFillTheHaystack() {
    long[] positions = Placement.positions(7, 0.5, 7);

    assertEquals(7, Arrays.stream(positions).distinct().count(), Arrays.toString(positions));
  }

  @Test
  void rejectsMoreNeedlesThanTokens() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Placement.positions(3, 0.5, 4));

    assertEquals(
        "cannot place 4 tokens in a haystack of 3; expected 1 <= m <= n",
        e.getMessage(),
        "message");
  }
}
