package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of lengths, terms and depths, and the checks of the options. */
class NiahOptionsTest {

  @Test
  void lengthsAcceptBinarySuffixesAndDecimals() {
    assertEquals(16L << 20, NiahOptions.parseLength("--lengths", "16M"), "16M");
    assertEquals(1536, NiahOptions.parseLength("--lengths", "1.5k"), "1.5k");
    assertEquals(1_000_000_000L, NiahOptions.parseLength("--lengths", "1e9"), "1e9");
    assertEquals(1L << 40, NiahOptions.parseLength("--lengths", "1T"), "1T");
    assertEquals(4096, NiahOptions.parseLength("--lengths", " 4096 "), "plain");
  }

  @Test
  void lengthRejectsFractionOfToken() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NiahOptions.parseLength("--lengths", "1.5"));

    assertEquals(
        "Invalid value for option '--lengths': 1.5; expected a whole token count such as 4096,"
            + " 16K, 16M or 1e9",
        e.getMessage(),
        "message");
  }

  @Test
  void termsAcceptRangesAndLists() {
    assertArrayEquals(
        new int[] {1, 2, 3, 4, 6}, NiahOptions.parseTerms("--taylor-terms", "1..4,6"), "1..4,6");
  }

  @Test
  void depthsAcceptFractionsAndPercentages() {
    assertArrayEquals(
        new double[] {0, 0.25, 1},
        NiahOptions.parseDepths("--depths", "0%,0.25,100%"),
        0,
        "depths");
  }

  @Test
  void lengthsFormatWithExactSuffix() {
    assertEquals("16M", NiahOptions.formatLength(16L << 20), "16M");
    assertEquals("1000", NiahOptions.formatLength(1000), "1000");
    assertEquals("3K", NiahOptions.formatLength(3072), "3K");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    NiahOptions options = NiahOptions.builder().build();

    assertEquals(8, options.lengths().length, "lengths 1K..16M by 4");
    assertEquals(1024, options.lengths()[0], "shortest length");
    assertEquals(16L << 20, options.lengths()[7], "longest length");
    assertEquals(11, options.depths().length, "depths");
    assertEquals(8, options.maxTerms(), "largest P");
    assertEquals(
        16L << 20, options.capacityMaxLength(), "capacity search up to the longest length");
    assertEquals(5, options.tasks().size(), "tasks");
  }

  @Test
  void multiValueNeedsOneAxisPerValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NiahOptions.builder()
                    .tasks(List.of(NiahTask.MULTI_VALUE))
                    .dv(4)
                    .needles(5)
                    .build());

    assertEquals(
        "Invalid value for option '--needles': 5; expected at most --dv (4) for multi-value: one"
            + " axis per value",
        e.getMessage(),
        "message");
  }

  @Test
  void unknownTaskNamesTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NiahOptions.parseTasks("--task", "single,x"));

    assertEquals(
        "Invalid value for option '--task': x; expected one of single, multi-key, multi-value,"
            + " multi-query, real-text",
        e.getMessage(),
        "message");
  }
}
