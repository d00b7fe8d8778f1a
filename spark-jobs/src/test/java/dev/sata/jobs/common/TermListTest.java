package dev.sata.jobs.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The shared --taylor-terms syntax: lists, ranges and the messages for bad items. */
class TermListTest {

  private static final String EXPECTED =
      "; expected P from 1 to 20 as integers or ranges a..b, comma-separated, such as 2,4..6";

  @Test
  void listsAndRangesMix() {
    assertArrayEquals(new int[] {2, 3, 4}, TermList.parse("--taylor-terms", "2..4", 20), "2..4");
    assertArrayEquals(
        new int[] {1, 2, 3, 4, 6}, TermList.parse("--taylor-terms", "6, 1..4", 20), "6, 1..4");
    assertArrayEquals(new int[] {5}, TermList.parse("--taylor-terms", "5..5", 20), "5..5");
    assertArrayEquals(new int[] {20}, TermList.parse("--taylor-terms", "20", 20), "20");
  }

  @Test
  void emptyItemNamed() {
    assertMessage(
        "3,4,,2",
        "Invalid value for option '--taylor-terms': '3,4,,2': item 3 is empty" + EXPECTED);
    assertMessage(
        "2,", "Invalid value for option '--taylor-terms': '2,': item 2 is empty" + EXPECTED);
    assertMessage(" ", "Invalid value for option '--taylor-terms': ' ': no value" + EXPECTED);
  }

  @Test
  void duplicateNamed() {
    assertMessage(
        "3,3,2",
        "Invalid value for option '--taylor-terms': '3,3,2': P = 3 is given twice (again in '3')"
            + EXPECTED);
    assertMessage(
        "2..4,3",
        "Invalid value for option '--taylor-terms': '2..4,3': P = 3 is given twice (again in"
            + " '3')"
            + EXPECTED);
  }

  @Test
  void outOfRangeNamed() {
    assertMessage(
        "0,2",
        "Invalid value for option '--taylor-terms': '0,2': item '0' lies outside 1..20" + EXPECTED);
    assertMessage(
        "18..21",
        "Invalid value for option '--taylor-terms': '18..21': item '18..21' lies outside 1..20"
            + EXPECTED);
  }

  @Test
  void malformedItemNamed() {
    assertMessage(
        "abc",
        "Invalid value for option '--taylor-terms': 'abc': item 'abc' is neither an integer nor a"
            + " range a..b"
            + EXPECTED);
    assertMessage(
        "2...4",
        "Invalid value for option '--taylor-terms': '2...4': item '2...4' is neither an integer"
            + " nor a range a..b"
            + EXPECTED);
    assertMessage(
        "4..2",
        "Invalid value for option '--taylor-terms': '4..2': range '4..2' is empty because its end"
            + " is smaller"
            + EXPECTED);
  }

  @Test
  void formatJoinsWithCommas() {
    assertEquals("2,3,6", TermList.format(new int[] {2, 3, 6}), "format");
  }

  private static void assertMessage(String text, String expected) {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> TermList.parse("--taylor-terms", text, 20),
            "'" + text + "' must be rejected");
    assertEquals(expected, error.getMessage(), "message for '" + text + "'");
  }
}
