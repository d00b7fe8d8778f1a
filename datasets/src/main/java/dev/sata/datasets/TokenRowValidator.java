package dev.sata.datasets;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks normalised token rows against the contract with one distributed Spark job: rows are
 * reduced to their key, position, array lengths and first bad element, grouped by sequence key
 * {@code (seq_id, layer, head)} and ordered by {@code pos} in a window, aggregated per key and then
 * over all keys. Only counts and one row per rule reach the driver.
 *
 * <p>Errors ({@link InvalidInputException}), one line per broken rule, each naming the first
 * offending row (smallest key, then smallest {@code pos}) by file, key and {@code pos}, the column,
 * the value, what was expected, and how many rows break the rule:
 *
 * <ul>
 *   <li>empty input;
 *   <li>null {@code seq_id}, null {@code pos}, negative {@code pos}, null {@code k}, null {@code
 *       v};
 *   <li>NaN, infinite or null elements in {@code q}, {@code k} or {@code v};
 *   <li>{@code q} of another length than {@code k} in the same row;
 *   <li>{@code k} or {@code q} of another length than the expected d, {@code v} of another length
 *       than the expected dv (when the options set them);
 *   <li>{@code k} or {@code v} of another length than at the first position of the same key (d or
 *       dv changing within a key);
 *   <li>a position that occurs more than once in a key.
 * </ul>
 *
 * <p>Gaps: a key whose positions are not exactly {@code 0 .. max(pos)} misses positions. By default
 * that is a warning (logged, and counted in {@link ValidationReport#gapCount()}); with {@link
 * ValidationOptions#strictPositions()} it is an error like the others.
 */
public final class TokenRowValidator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenRowValidator.class);
  private static final String NON_FINITE =
      "filter(transform(%1$s, (x, i) -> named_struct('index', i, 'value', x)),"
          + " e -> e.value IS NULL OR isnan(e.value) OR abs(e.value) = double('Infinity'))";

  private TokenRowValidator() {}

  /**
   * Validates token rows with the columns of {@link TokenRows#TOKEN_SCHEMA} (and {@code
   * source_file} when present) and returns what it found.
   *
   * @throws InvalidInputException when a rule is broken; the message has one line per rule
   * @throws IllegalArgumentException when a token column is missing from {@code rows}
   */
  public static ValidationReport validate(Dataset<Row> rows, ValidationOptions options) {
    requireColumns(rows);
    Dataset<Row> facts = windowed(facts(rows));
    List<RowCheck> checks = ValidationRules.checks(options);
    RowCheck gap = ValidationRules.gap();

    Row result;
    try {
      result = aggregate(facts, checks, gap).first();
    } catch (RuntimeException e) {
      throw InvalidInputException.unwrap(e);
    }
    return report(result, checks, gap, options);
  }

  /** Projects each row to the few values the rules need. */
  private static Dataset<Row> facts(Dataset<Row> rows) {
    boolean hasFile = Arrays.asList(rows.columns()).contains(TokenRows.SOURCE_FILE);
    return rows.select(
        col(TokenRows.SEQ_ID),
        col(TokenRows.LAYER),
        col(TokenRows.HEAD),
        col(TokenRows.POS),
        (hasFile ? col(TokenRows.SOURCE_FILE) : lit(null).cast(DataTypes.StringType))
            .as(TokenRows.SOURCE_FILE),
        col(TokenRows.Q).isNull().as("q_null"),
        col(TokenRows.K).isNull().as("k_null"),
        col(TokenRows.V).isNull().as("v_null"),
        length(TokenRows.Q).as("q_len"),
        length(TokenRows.K).as("k_len"),
        length(TokenRows.V).as("v_len"),
        firstNonFinite(TokenRows.Q).as("q_bad"),
        firstNonFinite(TokenRows.K).as("k_bad"),
        firstNonFinite(TokenRows.V).as("v_bad"));
  }

  /** Adds, per key in position order, the previous position and the first row's lengths. */
  private static Dataset<Row> windowed(Dataset<Row> facts) {
    WindowSpec byPosition =
        Window.partitionBy(col(TokenRows.SEQ_ID), col(TokenRows.LAYER), col(TokenRows.HEAD))
            .orderBy(col(TokenRows.POS));
    return facts
        .withColumn("prev_pos", lag(col(TokenRows.POS), 1).over(byPosition))
        .withColumn("first_k_len", first(col("k_len")).over(byPosition))
        .withColumn("first_v_len", first(col("v_len")).over(byPosition));
  }

  /** Aggregates per key, then over all keys, into one row. */
  private static Dataset<Row> aggregate(Dataset<Row> facts, List<RowCheck> checks, RowCheck gap) {
    List<Column> perKey = new ArrayList<>();
    perKey.add(count(lit(1)).as("n"));
    perKey.add(sum(when(col("q_null"), 1).otherwise(0)).as("q_nulls"));
    perKey.add(min(col("k_len")).as("k_min"));
    perKey.add(max(col("k_len")).as("k_max"));
    perKey.add(min(col("v_len")).as("v_min"));
    perKey.add(max(col("v_len")).as("v_max"));
    perKey.add(sum(gapSize()).as("missing"));
    for (RowCheck check : withGap(checks, gap)) {
      perKey.add(sum(when(check.offends(), 1).otherwise(0)).as(check.name() + "_count"));
      perKey.add(min(when(check.offends(), firstRow(check))).as(check.name() + "_first"));
    }
    Dataset<Row> keys =
        facts
            .groupBy(col(TokenRows.SEQ_ID), col(TokenRows.LAYER), col(TokenRows.HEAD))
            .agg(perKey.get(0), perKey.subList(1, perKey.size()).toArray(new Column[0]));

    List<Column> total = new ArrayList<>();
    total.add(sum(col("n")).as("rows"));
    total.add(count(lit(1)).as("keys"));
    total.add(countDistinct(col(TokenRows.SEQ_ID)).as("sequences"));
    total.add(min(col("n")).as("min_length"));
    total.add(max(col("n")).as("max_length"));
    total.add(sum(col("q_nulls")).as("q_nulls"));
    total.add(min(col("k_min")).as("k_min"));
    total.add(max(col("k_max")).as("k_max"));
    total.add(min(col("v_min")).as("v_min"));
    total.add(max(col("v_max")).as("v_max"));
    total.add(sum(col("missing")).as("missing"));
    total.add(sum(when(col("missing").gt(0), 1).otherwise(0)).as("keys_with_gaps"));
    for (RowCheck check : withGap(checks, gap)) {
      total.add(sum(col(check.name() + "_count")).as(check.name() + "_count"));
      total.add(min(col(check.name() + "_first")).as(check.name() + "_first"));
    }
    return keys.agg(total.get(0), total.subList(1, total.size()).toArray(new Column[0]));
  }

  private static ValidationReport report(
      Row result, List<RowCheck> checks, RowCheck gap, ValidationOptions options) {
    long rows = result.isNullAt(0) ? 0 : result.getLong(0);
    if (rows == 0) {
      throw new InvalidInputException(
          "Empty input: "
              + (options.inputName() == null ? "the data set" : options.inputName())
              + " has no token rows; expected at least one row with seq_id, pos, k and v");
    }

    // One line per broken rule; a gap is a rule only in strict mode.
    List<String> problems = new ArrayList<>();
    for (RowCheck check : checks) {
      problem(result, check).ifPresent(problems::add);
    }
    java.util.Optional<String> gapProblem = problem(result, gap);
    if (gapProblem.isPresent() && options.strictPositions()) {
      problems.add(gapProblem.get());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(String.join("\n", problems));
    }
    gapProblem.ifPresent(
        line ->
            LOG.warn(
                "{} positions missing in {} sequence keys (not an error without strict"
                    + " positions); {}",
                result.getAs("missing"),
                result.getAs("keys_with_gaps"),
                line));

    return new ValidationReport(
        rows,
        result.getAs("sequences"),
        result.getAs("keys"),
        common(result, "k_min", "k_max"),
        common(result, "v_min", "v_max"),
        result.getAs("min_length"),
        result.getAs("max_length"),
        result.<Long>getAs("missing"),
        result.<Long>getAs("keys_with_gaps"),
        result.<Long>getAs("q_nulls"));
  }

  private static java.util.Optional<String> problem(Row result, RowCheck check) {
    long offending = result.<Long>getAs(check.name() + "_count");
    if (offending == 0) {
      return java.util.Optional.empty();
    }
    Row first = result.getAs(check.name() + "_first");
    return java.util.Optional.of(
        where(first)
            + ": "
            + check.describe().describe(first, 5)
            + " ("
            + offending
            + plural(offending)
            + ")");
  }

  /** "Invalid token row in FILE at (seq_id=s, layer=0, head=1), pos=5". */
  private static String where(Row first) {
    String file = first.isNullAt(4) ? "" : " in " + first.getString(4);
    return "Invalid token row"
        + file
        + " at (seq_id="
        + first.get(0)
        + ", layer="
        + first.get(1)
        + ", head="
        + first.get(2)
        + "), pos="
        + first.get(3);
  }

  private static String plural(long offending) {
    return offending == 1 ? " row breaks this rule" : " rows break this rule";
  }

  private static Column firstRow(RowCheck check) {
    return struct(
        col(TokenRows.SEQ_ID),
        col(TokenRows.LAYER),
        col(TokenRows.HEAD),
        col(TokenRows.POS),
        col(TokenRows.SOURCE_FILE),
        check.detail().as("detail"));
  }

  /**
   * Missing positions just before this row: {@code pos - prev_pos - 1}, prev_pos -1 for the first.
   */
  static Column gapSize() {
    Column missing = col(TokenRows.POS).minus(coalesce(col("prev_pos"), lit(-1L))).minus(1);
    return when(col(TokenRows.POS).isNotNull().and(missing.gt(0)), missing).otherwise(0L);
  }

  private static List<RowCheck> withGap(List<RowCheck> checks, RowCheck gap) {
    List<RowCheck> all = new ArrayList<>(checks);
    all.add(gap);
    return all;
  }

  private static Integer common(Row result, String minName, String maxName) {
    Integer low = result.getAs(minName);
    Integer high = result.getAs(maxName);
    return low != null && low.equals(high) ? low : -1;
  }

  private static Column length(String name) {
    return when(col(name).isNull(), lit(null)).otherwise(expr("size(" + name + ")"));
  }

  private static Column firstNonFinite(String name) {
    String bad = String.format(NON_FINITE, name);
    return when(expr("size(" + bad + ")").gt(0), expr(bad + "[0]"));
  }

  private static void requireColumns(Dataset<Row> rows) {
    List<String> names = Arrays.asList(rows.columns());
    for (String name : TokenRows.TOKEN_SCHEMA.fieldNames()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "Token rows lack column '"
                + name
                + "': found "
                + names
                + "; read them with CorpusReader.readTokens, which adds the optional ones");
      }
    }
  }
}
