package dev.sata.jobs.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;

import dev.sata.datasets.CorpusReader;
import dev.sata.datasets.InvalidInputException;
import dev.sata.datasets.TokenRowValidator;
import dev.sata.datasets.TokenRows;
import dev.sata.datasets.ValidationOptions;
import dev.sata.datasets.ValidationReport;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The validated input of a run: token rows, the optional query file and what validation found.
 *
 * @param tokens normalised token rows with {@code source_file}
 * @param queries normalised query rows with {@code source_file}, or null for self-attention
 * @param report what the token-row validation found
 */
record EvaluateInput(Dataset<Row> tokens, Dataset<Row> queries, ValidationReport report) {

  /** Returns {@code d}, the key and query size of the whole input. */
  int d() {
    return report.d();
  }

  /** Returns {@code dv}, the value size of the whole input. */
  int dv() {
    return report.dv();
  }

  /**
   * Reads and validates the token rows and the query file.
   *
   * @throws InvalidInputException naming the file, row and value of the first problem found
   */
  static EvaluateInput read(SparkSession spark, EvaluateOptions options) {
    // token rows
    Dataset<Row> tokens = CorpusReader.readTokens(spark, options.input(), options.format());
    ValidationOptions validation =
        ValidationOptions.defaults()
            .withStrictPositions(options.strictPositions())
            .withInputName(options.input());
    ValidationReport report = TokenRowValidator.validate(tokens, validation);
    requireUniformSizes(tokens, report, options.input());

    // queries: the token rows' q, or a query file
    if (options.queries() == null) {
      if (report.nullQueryRows() == report.rows()) {
        throw new InvalidInputException(
            options.input()
                + ": every row has a null q, so there is no query to evaluate; "
                + "give the queries with --queries");
      }
      return new EvaluateInput(tokens, null, report);
    }
    Dataset<Row> queries = CorpusReader.readQueries(spark, options.queries(), options.format());
    checkQueries(queries, tokens, report.d(), options.queries());
    return new EvaluateInput(tokens, queries, report);
  }

  /**
   * Rejects input whose {@code k} or {@code v} lengths differ between sequence keys. The validator
   * reports such input as {@code d} or {@code dv} = -1, so this method names two keys and their
   * lengths.
   */
  private static void requireUniformSizes(
      Dataset<Row> tokens, ValidationReport report, String input) {
    if (report.d() < 1) {
      throw mixedLengths(tokens, TokenRows.K, "d", input);
    }
    if (report.dv() < 1) {
      throw mixedLengths(tokens, TokenRows.V, "dv", input);
    }
  }

  /**
   * Builds the error for a column whose array length differs between sequence keys: groups the rows
   * by that length (a small aggregation, one row per distinct length) and names the smallest
   * sequence key of the two shortest lengths.
   */
  private static InvalidInputException mixedLengths(
      Dataset<Row> tokens, String column, String size, String input) {
    List<Row> lengths =
        tokens
            .groupBy(size(col(column)).as("length"))
            .agg(
                min(struct(
                        col(TokenRows.SEQ_ID),
                        col(TokenRows.LAYER),
                        col(TokenRows.HEAD),
                        col(TokenRows.SOURCE_FILE)))
                    .as("first"))
            .orderBy(col("length"))
            .limit(2)
            .collectAsList();
    String expectation =
        "; evaluate needs one length of "
            + column
            + " ("
            + size
            + ") for the whole input, so split the input by that length";
    if (lengths.size() < 2) {
      return new InvalidInputException(
          input
              + ": the length of "
              + column
              + " ("
              + size
              + ") differs between rows"
              + expectation);
    }
    return new InvalidInputException(
        input
            + ": column "
            + column
            + " has length "
            + lengths.get(0).getInt(0)
            + " in sequence "
            + describeKey(lengths.get(0).getStruct(1))
            + " but length "
            + lengths.get(1).getInt(0)
            + " in sequence "
            + describeKey(lengths.get(1).getStruct(1))
            + expectation);
  }

  /** Formats a {@code (seq_id, layer, head, source_file)} struct as key and file. */
  private static String describeKey(Row key) {
    return new SequenceKey(key.getString(0), key.getInt(1), key.getInt(2))
        + " (file "
        + key.getString(3)
        + ")";
  }

  /** Checks the query file: q present with d numbers, known sequences, unique query ids. */
  private static void checkQueries(Dataset<Row> queries, Dataset<Row> tokens, int d, String path) {
    // q of length d without null elements
    Column badQuery =
        col(TokenRows.Q)
            .isNull()
            .or(size(col(TokenRows.Q)).notEqual(d))
            .or(exists(col(TokenRows.Q), x -> x.isNull()));
    firstRow(queries.filter(badQuery))
        .ifPresent(
            row -> {
              int q = row.fieldIndex(TokenRows.Q);
              throw invalidQuery(row, queryProblem(row.isNullAt(q) ? null : row.getList(q), d));
            });

    // every query's sequence has token rows
    Dataset<Row> sequences =
        tokens
            .select(
                col(TokenRows.SEQ_ID).as("t_seq_id"),
                col(TokenRows.LAYER).as("t_layer"),
                col(TokenRows.HEAD).as("t_head"))
            .distinct();
    Column sameKey =
        col(TokenRows.SEQ_ID)
            .equalTo(col("t_seq_id"))
            .and(col(TokenRows.LAYER).equalTo(col("t_layer")))
            .and(col(TokenRows.HEAD).equalTo(col("t_head")));
    firstRow(queries.join(sequences, sameKey, "left_anti"))
        .ifPresent(
            row -> {
              throw invalidQuery(row, "no token row has this sequence key");
            });

    // unique (sequence key, query_id)
    Dataset<Row> duplicates =
        queries
            .groupBy(
                col(TokenRows.SEQ_ID),
                col(TokenRows.LAYER),
                col(TokenRows.HEAD),
                col(TokenRows.QUERY_ID))
            .count()
            .filter(col("count").gt(1));
    firstRow(duplicates)
        .ifPresent(
            row -> {
              throw new InvalidInputException(
                  path
                      + ": query_id "
                      + row.getAs(TokenRows.QUERY_ID)
                      + " occurs "
                      + row.getAs("count")
                      + " times in sequence "
                      + sequenceOf(row)
                      + "; expected each query_id once per sequence key");
            });
  }

  /** Says what is wrong with a query vector {@code q}: null, a null element or its length. */
  private static String queryProblem(List<Object> q, int d) {
    if (q == null) {
      return "q is null; expected an array of d = " + d + " numbers";
    }
    int index = q.indexOf(null);
    if (index >= 0) {
      return "q[" + index + "] is null; expected an array of d = " + d + " numbers without nulls";
    }
    return "q has length "
        + q.size()
        + "; expected d = "
        + d
        + ", the length of k in the token rows";
  }

  private static Optional<Row> firstRow(Dataset<Row> rows) {
    List<Row> first = rows.limit(1).collectAsList();
    return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0));
  }

  private static InvalidInputException invalidQuery(Row row, String problem) {
    return new InvalidInputException(
        "file "
            + row.getAs(TokenRows.SOURCE_FILE)
            + ", sequence "
            + sequenceOf(row)
            + ", query_id "
            + row.getAs(TokenRows.QUERY_ID)
            + ": "
            + problem);
  }

  private static SequenceKey sequenceOf(Row row) {
    return new SequenceKey(
        row.getAs(TokenRows.SEQ_ID),
        row.<Integer>getAs(TokenRows.LAYER),
        row.getAs(TokenRows.HEAD));
  }
}
