package dev.sata.datasets;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and normalised schemas of the two kinds of corpus file.
 *
 * <p>Token files hold one row per token of one head of one layer of one sequence: {@code seq_id}
 * string, {@code layer} int (optional, default 0), {@code head} int (optional, default 0), {@code
 * pos} long (0-based position in the sequence), {@code q} array of length d (nullable: null marks a
 * key-only token), {@code k} array of length d, {@code v} array of length dv. Query files hold
 * {@code seq_id, layer, head, query_id} (long) and {@code q}. Files may store the arrays as float
 * or double; the reader casts them to double. Extra columns are kept.
 */
public final class TokenRows {

  /** Sequence identifier, string. */
  public static final String SEQ_ID = "seq_id";

  /** Model layer, int, 0 when the file has no such column. */
  public static final String LAYER = "layer";

  /** Attention head, int, 0 when the file has no such column. */
  public static final String HEAD = "head";

  /** 0-based position of the token in its sequence, long. */
  public static final String POS = "pos";

  /** Query vector, length d; null for a key-only token. */
  public static final String Q = "q";

  /** Key vector, length d. */
  public static final String K = "k";

  /** Value vector, length dv. */
  public static final String V = "v";

  /** Identifier of a query in a query file, long. */
  public static final String QUERY_ID = "query_id";

  /** The file a row was read from, added by the reader. */
  public static final String SOURCE_FILE = "source_file";

  /** Extracted corpora: the Europarl line number of the document. */
  public static final String DOC_ID = "doc_id";

  /** Extracted corpora: index of the window's first word piece in its document. */
  public static final String WINDOW_OFFSET = "window_offset";

  /** Extracted corpora: the word piece text of the token. */
  public static final String TOKEN = "token";

  /** The normalised token-row columns, in this order, as the reader returns them. */
  public static final StructType TOKEN_SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SEQ_ID, DataTypes.StringType, true),
            DataTypes.createStructField(LAYER, DataTypes.IntegerType, true),
            DataTypes.createStructField(HEAD, DataTypes.IntegerType, true),
            DataTypes.createStructField(POS, DataTypes.LongType, true),
            DataTypes.createStructField(Q, doubleArray(), true),
            DataTypes.createStructField(K, doubleArray(), true),
            DataTypes.createStructField(V, doubleArray(), true)
          });

  /** The normalised query-row columns, in this order, as the reader returns them. */
  public static final StructType QUERY_SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(SEQ_ID, DataTypes.StringType, true),
            DataTypes.createStructField(LAYER, DataTypes.IntegerType, true),
            DataTypes.createStructField(HEAD, DataTypes.IntegerType, true),
            DataTypes.createStructField(QUERY_ID, DataTypes.LongType, true),
            DataTypes.createStructField(Q, doubleArray(), true)
          });

  private TokenRows() {}

  /** Returns {@code array<double>} with nullable elements, the type of q, k and v after reading. */
  public static org.apache.spark.sql.types.ArrayType doubleArray() {
    return DataTypes.createArrayType(DataTypes.DoubleType, true);
  }

  /** Returns {@code array<float>}, the compact storage type of q, k and v. */
  public static org.apache.spark.sql.types.ArrayType floatArray() {
    return DataTypes.createArrayType(DataTypes.FloatType, true);
  }
}
