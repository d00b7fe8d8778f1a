package dev.sata.datasets.minilm;

import dev.sata.datasets.TokenRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns documents into token rows of MiniLM's own queries, keys and values.
 *
 * <p>Each window of a document (see {@link MiniLmModel#windows}) is one sequence per layer and
 * head: {@code seq_id} is {@code europarl-<doc_id>-w<window_offset>}, {@code layer} 0..5, {@code
 * head} 0..11, {@code pos} the token's index in the window ({@code [CLS]} is 0), and {@code q},
 * {@code k}, {@code v} the head's 32 columns of the layer's query, key and value projections
 * (float32, as the model computes them; d = dv = 32). A window of n tokens gives {@code n * 72}
 * rows. Extra columns: {@code doc_id} (the Europarl line number), {@code window_offset} (index of
 * the window's first word piece in the document) and {@code token} (the word piece text).
 *
 * <p>MiniLM's own attention is {@code softmax(q.k / sqrt(32))}: the scale {@code 1/sqrt(32)} is the
 * default scale of the kernel for d = 32, so evaluating these rows with the default scale compares
 * against the model's real attention.
 */
public final class QkvExtractor {

  /**
   * Schema of extracted rows: token columns with float arrays, plus doc_id, window_offset, token.
   */
  public static final StructType SCHEMA =
      new StructType()
          .add(TokenRows.SEQ_ID, DataTypes.StringType, false)
          .add(TokenRows.LAYER, DataTypes.IntegerType, false)
          .add(TokenRows.HEAD, DataTypes.IntegerType, false)
          .add(TokenRows.POS, DataTypes.LongType, false)
          .add(TokenRows.Q, TokenRows.floatArray(), true)
          .add(TokenRows.K, TokenRows.floatArray(), true)
          .add(TokenRows.V, TokenRows.floatArray(), true)
          .add(TokenRows.DOC_ID, DataTypes.LongType, false)
          .add(TokenRows.WINDOW_OFFSET, DataTypes.IntegerType, false)
          .add(TokenRows.TOKEN, DataTypes.StringType, false);

  /** Rows per token: one per layer and head. */
  public static final int ROWS_PER_TOKEN = MiniLmModel.LAYERS * MiniLmModel.HEADS;

  private QkvExtractor() {}

  /** Returns the token rows of every window of one document, in window order. */
  public static List<Row> extract(MiniLmModel model, long docId, String text, int maxTokens) {
    List<Row> rows = new ArrayList<>();
    extractLazily(model, docId, text, maxTokens).forEachRemaining(rows::add);
    return rows;
  }

  /**
   * Returns the same rows as {@link #extract}, running the model one window at a time as the
   * iterator advances, so only one window's rows are in memory.
   */
  public static Iterator<Row> extractLazily(
      MiniLmModel model, long docId, String text, int maxTokens) {
    Iterator<Window> windows = model.windows(text, maxTokens).iterator();
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && windows.hasNext()) {
          current = rows(model.run(windows.next(), false), docId).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** Returns the {@code n * 72} rows of one extracted window, ordered by layer, head, pos. */
  public static List<Row> rows(Extraction extraction, long docId) {
    Window window = extraction.window();
    String seqId = seqId(docId, window.offset());
    int n = window.length();
    List<Row> rows = new ArrayList<>(n * ROWS_PER_TOKEN);
    for (int layer = 0; layer < MiniLmModel.LAYERS; layer++) {
      for (int head = 0; head < MiniLmModel.HEADS; head++) {
        int from = head * MiniLmModel.HEAD_SIZE;
        int to = from + MiniLmModel.HEAD_SIZE;
        for (int pos = 0; pos < n; pos++) {
          rows.add(
              RowFactory.create(
                  seqId,
                  layer,
                  head,
                  (long) pos,
                  Arrays.copyOfRange(extraction.queries()[layer][pos], from, to),
                  Arrays.copyOfRange(extraction.keys()[layer][pos], from, to),
                  Arrays.copyOfRange(extraction.values()[layer][pos], from, to),
                  docId,
                  window.offset(),
                  window.tokens()[pos]));
        }
      }
    }
    return rows;
  }

  /** Returns {@code europarl-<docId>-w<offset>}. */
  public static String seqId(long docId, int offset) {
    return "europarl-" + docId + "-w" + offset;
  }
}
