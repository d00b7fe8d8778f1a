package dev.sata.datasets.minilm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sata.datasets.europarl.EuroparlCorpus;
import dev.sata.datasets.europarl.EuroparlDocument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MiniLM model: tokenisation, windows, inner tensors and sentence embeddings. */
class MiniLmModelTest {

  private static MiniLmModel model;

  @BeforeAll
  static void loadModel() {
    model = MiniLmModel.load(2);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @Test
  void encodeAddsClsAndSep() {
    Window window = model.encode("Hello world is a test", 512);

    assertArrayEquals(new long[] {101, 7592, 2088, 2003, 1037, 3231, 102}, window.ids());
    assertArrayEquals(
        new String[] {"[CLS]", "hello", "world", "is", "a", "test", "[SEP]"}, window.tokens());
    assertEquals(0, window.offset(), "offset of the first window");
  }

  @Test
  void encodeCutsToMaxTokens() {
    Window window = model.encode("Hello world is a test", 5);

    assertArrayEquals(new long[] {101, 7592, 2088, 2003, 102}, window.ids());
  }

  @Test
  void windowsCoverLongDocumentInOrder() {
    String text = longEnglishText(1500);
    List<Window> windows = model.windows(text, 512);
    Window all = model.encode(text, 512);

    // Every word piece appears once, in order, behind [CLS] and before [SEP].
    List<Long> pieces = new ArrayList<>();
    int expectedOffset = 0;
    for (Window window : windows) {
      assertTrue(window.length() <= 512, "window length " + window.length() + " > 512");
      assertEquals(expectedOffset, window.offset(), "offset of window " + windows.indexOf(window));
      assertEquals(101L, window.ids()[0], "first id of every window is [CLS]");
      assertEquals(102L, window.ids()[window.length() - 1], "last id of every window is [SEP]");
      for (int i = 1; i < window.length() - 1; i++) {
        pieces.add(window.ids()[i]);
      }
      expectedOffset += window.length() - 2;
    }
    assertTrue(windows.size() >= 3, "expected at least 3 windows, got " + windows.size());
    for (int i = 0; i < windows.size() - 1; i++) {
      assertEquals(512, windows.get(i).length(), "length of full window " + i);
    }
    for (int i = 1; i < all.length() - 1; i++) {
      assertEquals(all.ids()[i], pieces.get(i - 1), "word piece " + (i - 1));
    }
  }

  @Test
  void maxTokensOutOfRangeRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> model.encode("x", 513));

    assertEquals(
        "Invalid value for option '--max-tokens': 513; expected 3 to 512 ([CLS] and [SEP] included)",
        error.getMessage());
  }

  @Test
  void recomputedSoftmaxMatchesModel() {
    Window window = model.encode(EuroparlCorpus.englishDocuments(1).get(0).body(), 120);
    Extraction extraction = model.run(window, true);
    int n = window.length();
    double scale = 1.0 / Math.sqrt(MiniLmModel.HEAD_SIZE);

    for (int layer : new int[] {0, 3, 5}) {
      double maxDiff = 0;
      for (int head = 0; head < MiniLmModel.HEADS; head++) {
        double[][] p = probabilities(extraction, layer, head, scale);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            double diff = Math.abs(p[i][j] - extraction.probabilities()[layer][head][i][j]);
            maxDiff = Math.max(maxDiff, diff);
          }
        }
      }
      assertTrue(maxDiff <= 1e-4, "layer " + layer + ": max |p - p_model| = " + maxDiff);
    }
  }

  @Test
  void recomputedHeadOutputMatchesModel() {
    Window window = model.encode(EuroparlCorpus.englishDocuments(2).get(1).body(), 97);
    Extraction extraction = model.run(window, true);
    int n = window.length();
    double scale = 1.0 / Math.sqrt(MiniLmModel.HEAD_SIZE);
    int layer = 2;

    double maxDiff = 0;
    double maxAbs = 0;
    for (int head = 0; head < MiniLmModel.HEADS; head++) {
      double[][] p = probabilities(extraction, layer, head, scale);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < MiniLmModel.HEAD_SIZE; c++) {
          double y = 0;
          for (int j = 0; j < n; j++) {
            y += p[i][j] * extraction.values()[layer][j][head * MiniLmModel.HEAD_SIZE + c];
          }
          float modelY = extraction.headOutputs()[layer][head][i][c];
          maxDiff = Math.max(maxDiff, Math.abs(y - modelY));
          maxAbs = Math.max(maxAbs, Math.abs(modelY));
        }
      }
    }
    assertTrue(maxAbs > 0.01, "head outputs look empty: max |y| = " + maxAbs);
    assertTrue(maxDiff <= 1e-4, "max |y - y_model| = " + maxDiff + " (max |y| " + maxAbs + ")");
  }

  @Test
  void runWithoutProbabilitiesOmitsThem() {
    Extraction extraction = model.run(model.encode("A short sentence.", 512), false);

    assertEquals(null, extraction.probabilities(), "probabilities not asked for");
    assertEquals(MiniLmModel.LAYERS, extraction.queries().length, "layers of queries");
    assertEquals(extraction.length(), extraction.keys()[5].length, "tokens of layer 5 keys");
    assertEquals(MiniLmModel.HIDDEN, extraction.values()[5][0].length, "columns of values");
  }

  @Test
  void embeddingsAreUnitLengthAndSimilar() {
    List<String> sentences =
        List.of(
            "The committee approved the budget.",
            "The budget was approved by the committee.",
            "Fishing quotas in the Baltic Sea are too high.");
    float[][] e = model.embed(sentences);

    assertEquals(3, e.length, "one embedding per sentence");
    for (float[] row : e) {
      assertEquals(MiniLmModel.HIDDEN, row.length, "embedding size");
      assertEquals(1.0, norm(row), 1e-5, "embedding norm");
    }
    double close = dot(e[0], e[1]);
    double far = dot(e[0], e[2]);
    assertTrue(close > far + 0.2, "paraphrase similarity " + close + " vs unrelated " + far);
  }

  @Test
  void embeddingDoesNotDependOnBatchPadding() {
    float[][] alone = model.embed(List.of("Parliament adjourned the session."));
    float[][] batched =
        model.embed(
            List.of(
                "Parliament adjourned the session.",
                "A much longer sentence about agricultural policy, fisheries and the regions."));

    for (int c = 0; c < MiniLmModel.HIDDEN; c++) {
      assertEquals(alone[0][c], batched[0][c], 1e-5, "component " + c);
    }
  }

  static double[][] probabilities(Extraction extraction, int layer, int head, double scale) {
    int n = extraction.length();
    int base = head * MiniLmModel.HEAD_SIZE;
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int c = 0; c < MiniLmModel.HEAD_SIZE; c++) {
          s +=
              (double) extraction.queries()[layer][i][base + c]
                  * extraction.keys()[layer][j][base + c];
        }
        p[i][j] = s * scale;
        max = Math.max(max, p[i][j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        p[i][j] = Math.exp(p[i][j] - max);
        sum += p[i][j];
      }
      for (int j = 0; j < n; j++) {
        p[i][j] /= sum;
      }
    }
    return p;
  }

  private static String longEnglishText(int minWords) {
    StringBuilder text = new StringBuilder();
    for (EuroparlDocument document : EuroparlCorpus.englishDocuments(50)) {
      text.append(document.body()).append(' ');
      if (text.toString().split(" ").length > minWords) {
        break;
      }
    }
    return text.toString();
  }

  private static double norm(float[] x) {
    return Math.sqrt(dot(x, x));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
