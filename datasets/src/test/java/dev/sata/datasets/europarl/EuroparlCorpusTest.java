package dev.sata.datasets.europarl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Europarl sample, the English rule on known lines of it, and the sentence split. */
class EuroparlCorpusTest {

  @Test
  void knownForeignLinesAreNotEnglish() {
    List<EuroparlDocument> first = EuroparlCorpus.allDocuments(3);

    // Line 1 is Italian, line 2 Swedish, line 3 German.
    for (EuroparlDocument document : first) {
      assertFalse(
          LanguageRule.isEnglish(EuroparlCorpus.text(document)),
          "line " + document.lineNumber() + " (" + document.title() + ") taken as English");
    }
    assertEquals("Partnerschaft EU-Lateinamerika", first.get(2).title(), "title of line 3");
    assertEquals("1997-01-15", first.get(2).date(), "date of line 3");
  }

  @Test
  void englishDocumentsAreEnglish() {
    List<EuroparlDocument> english = EuroparlCorpus.englishDocuments(40);

    assertEquals(40, english.size(), "English documents found");
    for (EuroparlDocument document : english) {
      Map<String, Double> shares = LanguageRule.shares(EuroparlCorpus.text(document));
      assertTrue(
          shares.get("en") >= 0.2,
          "line " + document.lineNumber() + " English share " + shares.get("en"));
    }
    String body = english.get(0).body();
    assertTrue(body.contains(" the "), "first English body should contain ' the ': " + body);
  }

  @Test
  void ruleOnShortTexts() {
    assertTrue(LanguageRule.isEnglish("The report of the committee is on the table."), "English");
    assertFalse(
        LanguageRule.isEnglish("Der Bericht des Ausschusses ist nicht auf dem Tisch."), "German");
    assertFalse(LanguageRule.isEnglish("Le rapport de la commission est sur la table."), "French");
    assertFalse(LanguageRule.isEnglish("In de commissie is het verslag niet aangenomen."), "Dutch");
    assertFalse(LanguageRule.isEnglish(""), "empty text");
  }

  @Test
  void englishDocumentCountInRange() {
    int english = EuroparlCorpus.englishDocuments(20_000).size();
    int all = EuroparlCorpus.allDocuments(20_000).size();

    // Eleven languages in roughly equal parts, with English a little under its share.
    assertEquals(17_597, all, "documents in the sample");
    assertTrue(english > 1_100, "English documents: " + english);
    assertTrue(english < 1_700, "English documents: " + english);
  }

  @Test
  void sentencesAreWholeAndInOrder() {
    List<String> sentences = EuroparlCorpus.englishSentences(300);

    assertEquals(300, sentences.size(), "sentences returned");
    for (String sentence : sentences) {
      assertTrue(
          sentence.split(" ").length >= EuroparlCorpus.MIN_SENTENCE_WORDS,
          "too short: " + sentence);
      assertTrue(
          Character.isUpperCase(sentence.charAt(0)) || Character.isDigit(sentence.charAt(0)),
          "should start a sentence: " + sentence);
      assertFalse(sentence.contains("  "), "white space should be collapsed: " + sentence);
    }
    assertEquals(sentences.subList(0, 50), EuroparlCorpus.englishSentences(50), "prefix order");
  }

  @Test
  void splitDropsFragmentsAtBothEnds() {
    List<String> sentences =
        EuroparlCorpus.sentences(
            "of the debate. The vote takes place tomorrow at noon. Is that agreed by all? Yes. "
                + "Mr President, I would like to thank the rapp");

    assertEquals(
        List.of("The vote takes place tomorrow at noon.", "Is that agreed by all?"),
        sentences,
        "sentences between the cut ends, short ones dropped");
  }
}
