package dev.sata.datasets.europarl;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a text is English by counting function words.
 *
 * <p>The text is lower-cased and split into words (maximal runs of letters). For each of the eleven
 * languages of the Europarl sample there is a list of twenty frequent function words. A text is
 * English when the share of its words found in the English list is at least {@link
 * #MIN_ENGLISH_SHARE} and larger than the share of every other language's list. Function words make
 * up a third to a half of running text in every one of these languages, while a foreign text hits
 * the English list only through a few shared spellings (e.g. "in", "is", "to"), so the rule
 * separates them by a wide margin.
 */
public final class LanguageRule {

  /** Smallest share of English function words for a text to count as English. */
  public static final double MIN_ENGLISH_SHARE = 0.20;

  /** The language code whose list is tested against the others. */
  static final String ENGLISH = "en";

  static final Map<String, Set<String>> FUNCTION_WORDS =
      Map.ofEntries(
          Map.entry(
              ENGLISH,
              wordSet(
                  "the of and to in is that for it this we are be on with not have which by as")),
          Map.entry(
              "de",
              wordSet(
                  "der die und das ist nicht ein eine den zu wir mit von sich auch es für dem des im")),
          Map.entry(
              "fr",
              wordSet("le la les et des est que une un du pour dans nous pas qui sur au ce il ne")),
          Map.entry(
              "es",
              wordSet("el los las y que es una por para con no se del al un lo su como más pero")),
          Map.entry(
              "it",
              wordSet(
                  "il di che è per una non della sono con si dei gli anche alla nel questo le ha")),
          Map.entry(
              "nl",
              wordSet(
                  "het een van dat niet op te zijn voor met wij die ook aan er om de en ik hebben")),
          Map.entry(
              "pt",
              wordSet("o os as do da em um uma não com é dos no na ao mais pelo pela também são")),
          Map.entry(
              "da",
              wordSet(
                  "og at det er til af den ikke med vi som på et har der om jeg kan skal også")),
          Map.entry(
              "sv",
              wordSet(
                  "och att det är som på för av inte till med vi har ett om detta jag kan ska också")),
          Map.entry(
              "fi",
              wordSet(
                  "ja on että ei se ovat tämä myös kuin mutta joka ole sen niin me olla tai tässä vain jo")),
          Map.entry(
              "el",
              wordSet(
                  "και να το η της την του για στην με που είναι των τα θα δεν οι από σε στο")));

  private LanguageRule() {}

  /** Returns whether {@code text} is English by the rule in the class description. */
  public static boolean isEnglish(String text) {
    Map<String, Double> shares = shares(text);
    double english = shares.get(ENGLISH);
    if (english < MIN_ENGLISH_SHARE) {
      return false;
    }

    // English must beat every other list.
    for (Map.Entry<String, Double> entry : shares.entrySet()) {
      if (!entry.getKey().equals(ENGLISH) && entry.getValue() >= english) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns, for each language code, the share of the words of {@code text} that are in its list (0
   * for a text without words).
   */
  public static Map<String, Double> shares(String text) {
    List<String> words = words(text);
    Map<String, Double> shares = new java.util.TreeMap<>();
    for (Map.Entry<String, Set<String>> language : FUNCTION_WORDS.entrySet()) {
      long hits = words.stream().filter(language.getValue()::contains).count();
      shares.put(language.getKey(), words.isEmpty() ? 0.0 : (double) hits / words.size());
    }
    return shares;
  }

  /** Splits lower-cased text into maximal runs of letters. */
  static List<String> words(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> words = new java.util.ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean letter = i < lower.length() && Character.isLetter(lower.charAt(i));
      if (letter && start < 0) {
        start = i;
      } else if (!letter && start >= 0) {
        words.add(lower.substring(start, i));
        start = -1;
      }
    }
    return words;
  }

  private static Set<String> wordSet(String spaceSeparated) {
    return Set.of(spaceSeparated.split(" "));
  }
}
