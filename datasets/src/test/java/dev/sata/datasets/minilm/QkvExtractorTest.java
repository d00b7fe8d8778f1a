package dev.sata.datasets.minilm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.datasets.europarl.EuroparlCorpus;
import dev.sata.datasets.europarl.EuroparlDocument;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows of one document: 72 per token, keyed by window, holding the model's own Q, K, V slices. */
class QkvExtractorTest {

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
  void rowsOfOneWindowHoldHeadSlices() {
    Window window = model.encode("The committee approved the budget yesterday.", 512);
    Extraction extraction = model.run(window, false);
    List<Row> rows = QkvExtractor.rows(extraction, 77);

    assertEquals(window.length() * 72, rows.size(), "rows = tokens * 6 layers * 12 heads");
    Row row = rows.get(4 * 12 * window.length() + 7 * window.length() + 3);
    assertEquals("europarl-77-w0", row.getString(0), "seq_id");
    assertEquals(4, row.getInt(1), "layer");
    assertEquals(7, row.getInt(2), "head");
    assertEquals(3L, row.getLong(3), "pos");
    assertArrayEquals(
        Arrays.copyOfRange(extraction.keys()[4][3], 7 * 32, 8 * 32),
        (float[]) row.get(5),
        "k slice");
    assertArrayEquals(
        Arrays.copyOfRange(extraction.values()[4][3], 7 * 32, 8 * 32),
        (float[]) row.get(6),
        "v slice");
    assertEquals(77L, row.getLong(7), "doc_id");
    assertEquals(0, row.getInt(8), "window_offset");
    assertEquals(window.tokens()[3], row.getString(9), "token");
  }

  @Test
  void longDocumentGivesOneSequencePerWindow() {
    EuroparlDocument document = EuroparlCorpus.englishDocuments(3).get(2);
    List<Window> windows = model.windows(document.body(), 40);
    List<Row> rows = QkvExtractor.extract(model, document.lineNumber(), document.body(), 40);

    int tokens = windows.stream().mapToInt(Window::length).sum();
    assertEquals(tokens * 72, rows.size(), "rows = sum of window tokens * 72");
    long sequences = rows.stream().map(row -> row.getString(0)).distinct().count();
    assertEquals(windows.size(), sequences, "one seq_id per window");
    Row lastWindowRow = rows.get(rows.size() - 1);
    assertEquals(
        "europarl-" + document.lineNumber() + "-w" + (windows.size() - 1) * 38,
        lastWindowRow.getString(0),
        "seq_id of the last window");
  }
}
