package dev.sata.datasets.minilm;

import dev.sata.datasets.TokenRows;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Turns documents into token rows of MiniLM's queries, keys and values. */
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

  private QkvExtractor() {}

  /** Returns the token rows of one document, all windows, layers and heads. */
  public static List<Row> extract(MiniLmModel model, long docId, String text, int maxTokens) {
    throw new UnsupportedOperationException("not built yet");
  }
}
