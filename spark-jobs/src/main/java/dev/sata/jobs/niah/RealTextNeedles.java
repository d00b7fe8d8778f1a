package dev.sata.jobs.niah;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Needle sentences for the real-text task, each with a question about it. None is a Europarl
 * sentence; {@link #requireAbsent} checks that against the haystack of a run.
 */
final class RealTextNeedles {

  /** (needle, question) pairs; trial {@code t} uses pair {@code t mod size}. */
  static final List<List<String>> PAIRS =
      List.of(
          List.of(
              "The secret password for the archive room in the Luxembourg building is purple"
                  + " elephant.",
              "What is the secret password for the archive room?"),
          List.of(
              "The best thing to do in San Francisco is eat a sandwich and sit in Dolores Park on"
                  + " a sunny day.",
              "What is the best thing to do in San Francisco?"),
          List.of(
              "The lighthouse keeper's cat on the island of Texel is named Captain Pickles.",
              "What is the name of the lighthouse keeper's cat?"),
          List.of(
              "The magic number hidden in this document is seven hundred and forty-two.",
              "What is the magic number hidden in the document?"),
          List.of(
              "Anna's favourite snack during long committee meetings is salted liquorice from"
                  + " Groningen.",
              "What is Anna's favourite snack during committee meetings?"),
          List.of(
              "The spare key to the interpreters' booth is taped under the third chair from the"
                  + " window.",
              "Where is the spare key to the interpreters' booth?"),
          List.of(
              "The rapporteur's bicycle was painted bright orange by his grandchildren last"
                  + " summer.",
              "What colour is the rapporteur's bicycle?"),
          List.of(
              "The coffee machine on the fifth floor only works if you press the red button"
                  + " twice.",
              "How do you make the coffee machine on the fifth floor work?"),
          List.of(
              "The oldest tree in the courtyard is a chestnut planted in eighteen ninety-one.",
              "What is the oldest tree in the courtyard?"),
          List.of(
              "Our delegation's mascot is a small wooden owl called Professor Hoot.",
              "What is our delegation's mascot called?"));

  private RealTextNeedles() {}

  /** Returns the sentences to embed: needle 0, question 0, needle 1, question 1, ... */
  static List<String> sentencesToEmbed() {
    List<String> sentences = new ArrayList<>();
    for (List<String> pair : PAIRS) {
      sentences.addAll(pair);
    }
    return sentences;
  }

  /**
   * Returns the needle sets of {@code trials} trials: one inserted token {@code (c R e_needle / |R
   * e_needle|, code)} queried by the projected question.
   *
   * @param embeddings MiniLM embeddings of {@link #sentencesToEmbed()}, in that order
   */
  static List<NeedleSet> needleSets(
      int trials, long seed, RealTextHaystack haystack, Codebook codebook, float[][] embeddings) {
    int d = haystack.d();
    List<NeedleSet> sets = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      int pair = trial % PAIRS.size();
      double[] needle = haystack.project(embeddings[2 * pair]);
      double[] question = haystack.project(embeddings[2 * pair + 1]);
      int code =
          Seeds.random(seed, Seeds.NEEDLES, NiahTask.REAL_TEXT.ordinal(), d, codebook.dv(), trial)
              .nextInt(codebook.size());

      // the key is the projected needle, the query the projected question
      NeedleSet one = Needles.oneNeedle(NiahTask.REAL_TEXT, trial, needle, code, d, codebook);
      NeedleSet.Query query = one.queries().get(0);
      NeedleSet.Query asked =
          new NeedleSet.Query(
              question, query.needleTokens(), query.expectedCodes(), query.target());
      sets.add(
          new NeedleSet(
              NiahTask.REAL_TEXT, trial, one.keys(), one.values(), one.codes(), List.of(asked)));
    }
    return sets;
  }

  /**
   * Checks that no needle sentence occurs in the haystack.
   *
   * @throws IllegalStateException naming the sentence when one does
   */
  static void requireAbsent(Collection<String> haystack) {
    for (List<String> pair : PAIRS) {
      if (haystack.contains(pair.get(0))) {
        throw new IllegalStateException(
            "needle sentence occurs in the Europarl haystack: " + pair.get(0));
      }
    }
  }
}
