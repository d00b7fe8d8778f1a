package dev.sata.jobs.common;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * Parser of a {@code --taylor-terms} value: numbers of Taylor terms {@code P} as a comma-separated
 * list whose items are integers or inclusive ranges {@code a..b}, such as {@code 2,4..6}. Every job
 * that takes {@code P} values parses them here, so they all accept the same syntax.
 */
public final class TermList {

  private TermList() {}

  /**
   * Parses {@code text} into distinct {@code P} values, ascending.
   *
   * @param option the option name for messages, e.g. {@code --taylor-terms}
   * @param text the option value, e.g. {@code 2,3,5..8}
   * @param max the largest accepted {@code P}; the smallest is 1
   * @throws IllegalArgumentException naming the option, the item and the allowed range for an empty
   *     item, an item that is neither an integer nor a range {@code a..b} with {@code a <= b}, a
   *     value outside {@code 1..max}, or a value given twice
   */
  public static int[] parse(String option, String text, int max) {
    if (text == null || text.isBlank()) {
      throw invalid(option, text, "no value", max);
    }
    BitSet seen = new BitSet(max + 1);
    String[] items = text.split(",", -1);
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      if (item.isEmpty()) {
        throw invalid(option, text, "item " + (i + 1) + " is empty", max);
      }
      int[] range = range(option, text, item, max);
      for (int p = range[0]; p <= range[1]; p++) {
        if (seen.get(p)) {
          throw invalid(
              option, text, "P = " + p + " is given twice (again in '" + item + "')", max);
        }
        seen.set(p);
      }
    }
    return seen.stream().toArray();
  }

  /** Returns {@code {from, to}} of one item: an integer {@code p} as {@code {p, p}}. */
  private static int[] range(String option, String text, String item, int max) {
    int dots = item.indexOf("..");
    int[] range = new int[2];
    try {
      if (dots < 0) {
        range[0] = Integer.parseInt(item);
        range[1] = range[0];
      } else {
        range[0] = Integer.parseInt(item.substring(0, dots).trim());
        range[1] = Integer.parseInt(item.substring(dots + 2).trim());
      }
    } catch (NumberFormatException e) {
      throw invalid(
          option, text, "item '" + item + "' is neither an integer nor a range a..b", max);
    }
    if (range[1] < range[0]) {
      throw invalid(option, text, "range '" + item + "' is empty because its end is smaller", max);
    }
    if (range[0] < 1 || range[1] > max) {
      throw invalid(option, text, "item '" + item + "' lies outside 1.." + max, max);
    }
    return range;
  }

  /** Formats values as the option accepts them, e.g. {@code 2,3,4}. */
  public static String format(int[] terms) {
    return String.join(",", Arrays.stream(terms).mapToObj(Integer::toString).toList());
  }

  private static IllegalArgumentException invalid(
      String option, String text, String problem, int max) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "Invalid value for option '%s': '%s': %s; expected P from 1 to %d as integers or"
                + " ranges a..b, comma-separated, such as 2,4..6",
            option,
            text == null ? "" : text,
            problem,
            max));
  }
}
