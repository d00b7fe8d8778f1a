package dev.sata.datasets;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks normalised token rows against the contract with Spark aggregations, and a join on per-key
 * aggregates, only. No task ever needs all rows of a sequence key {@code (seq_id, layer, head)}:
 * rows are spread over tasks by {@code (key, pos)} and reduced to partial aggregates per key before
 * they meet, so a key of any length never has to fit in one task.
 *
 * <p>Cost. One Spark query, which reads the input twice, computes every count:
 *
 * <ul>
 *   <li>the per-row rules, aggregated over all rows without grouping. Each task shuffles one
 *       partial row to a single partition;
 *   <li>a grouping by {@code (key, x)} of two marks per row: {@code x = pos} with the row's null
 *       {@code q} flag and array lengths, and {@code x = pos + 1}. Its shuffle is the only one that
 *       grows with the input: at most two small rows per token, fewer where a task reads
 *       consecutive positions of a key. A grouping by key follows, partially aggregated before its
 *       shuffle (at most one row per key and task), then aggregations over all keys (with one more
 *       small shuffle by {@code seq_id} to count distinct sequences);
 *   <li>a cross join of the two one-row results.
 * </ul>
 *
 * <p>Only when a rule about lengths or positions is broken, or a gap is found, further queries read
 * the input again to locate the first offending row: a grouping by key and a join of the rows with
 * the broadcast reference lengths of the keys whose {@code k} or {@code v} length changes, and a
 * filtered aggregation over one key for the first repeated position and for the first gap.
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
 *       dv changing within a key). The reference is the smallest non-null {@code pos} of the key
 *       whose array is not null, and the shortest such array when that position repeats;
 *   <li>a position that occurs more than once in a key. The row named is in the largest file name
 *       that holds the position, because the rows after the first, in file-name order, repeat it.
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

  /** Index of the detail value in an offending row {@code (seq_id, layer, head, pos, file, _)}. */
  private static final int DETAIL = 5;

  private TokenRowValidator() {}

  /** A broken rule: the number of rows that break it and the first of them. */
  private record Finding(long count, Row first) {}

  /**
   * Validates token rows with the columns of {@link TokenRows#TOKEN_SCHEMA} (and {@code
   * source_file} when present) and returns what it found. {@code rows} is not modified.
   *
   * @throws InvalidInputException when a rule is broken; the message has one line per rule
   * @throws IllegalArgumentException when a token column is missing from {@code rows}
   */
  public static ValidationReport validate(Dataset<Row> rows, ValidationOptions options) {
    requireColumns(rows);
    Dataset<Row> facts = facts(rows);
    List<RowCheck> checks = ValidationRules.checks(options);

    // One query computes every count and the first offender of each per-row rule.
    Row totals = run(() -> keyTotals(facts).crossJoin(checkTotals(facts, checks)).first());
    requireRows(totals, options);

    // One line per broken rule; a gap is a rule only in strict mode.
    List<String> problems = problems(facts, totals, checks);
    Optional<String> gapProblem =
        gapFinding(facts, totals).map(f -> line(f, ValidationRules.gap()));
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
                totals.getAs("missing"),
                totals.getAs("keys_with_gaps"),
                line));
    return report(totals);
  }

  private static void requireRows(Row totals, ValidationOptions options) {
    Long rows = totals.getAs("rows");
    if (rows == null || rows == 0) {
      throw new InvalidInputException(
          "Empty input: "
              + (options.inputName() == null ? "the data set" : options.inputName())
              + " has no token rows; expected at least one row with seq_id, pos, k and v");
    }
  }

  /**
   * Returns the lines of the broken rules other than gaps, in the order of the rules: the per-row
   * rules, the length changes, then the repeated positions.
   */
  private static List<String> problems(Dataset<Row> facts, Row totals, List<RowCheck> checks) {
    List<String> problems = new ArrayList<>();
    for (RowCheck check : checks) {
      rowFinding(totals, check).map(f -> line(f, check.describe())).ifPresent(problems::add);
    }
    problems.addAll(lengthChangeLines(facts, totals));
    duplicateFinding(facts, totals)
        .map(f -> line(f, ValidationRules.duplicate()))
        .ifPresent(problems::add);
    return problems;
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

  /**
   * Aggregates the per-row rules over all rows into one row with {@code NAME_count} and {@code
   * NAME_first} per rule. Without grouping columns, no task sorts its rows for this.
   */
  private static Dataset<Row> checkTotals(Dataset<Row> facts, List<RowCheck> checks) {
    List<Column> total = new ArrayList<>();
    for (RowCheck check : checks) {
      total.addAll(countAndFirst(check));
    }
    return aggregate(facts.groupBy(), total);
  }

  /**
   * Aggregates the rows per key, then over all keys, into one row. Its columns are the counts
   * {@code rows, keys, sequences, min_length, max_length, q_nulls}, the length bounds {@code k_min,
   * k_max, v_min, v_max} and the number of keys whose bounds differ ({@code k_changes, v_changes}).
   * For positions they are {@code missing}, {@code keys_with_gaps}, {@code gap_rows} (rows right
   * after a gap), {@code first_gap} {@code (seq_id, layer, head, pos_min, run_end)} of the smallest
   * key with a gap, {@code repeated_rows} (rows beyond the first at their position) and {@code
   * first_repeat} {@code (seq_id, layer, head, pos)}.
   */
  private static Dataset<Row> keyTotals(Dataset<Row> facts) {
    List<Column> total = new ArrayList<>();
    total.add(sum(col("n")).as("rows"));
    total.add(count(lit(1)).as("keys"));
    total.add(countDistinct(col(TokenRows.SEQ_ID)).as("sequences"));
    total.add(min(col("n")).as("min_length"));
    total.add(max(col("n")).as("max_length"));
    total.add(sum(col("q_nulls")).as("q_nulls"));
    total.addAll(lengthBounds("k_min", "k_max", "v_min", "v_max"));
    total.add(count(when(col("k_min").notEqual(col("k_max")), 1)).as("k_changes"));
    total.add(count(when(col("v_min").notEqual(col("v_max")), 1)).as("v_changes"));
    total.add(coalesce(sum(col("missing")), lit(0L)).as("missing"));
    total.add(count(when(col("missing").gt(0), 1)).as("keys_with_gaps"));
    total.add(coalesce(sum(col("gap_rows")), lit(0L)).as("gap_rows"));
    total.add(
        min(when(col("gap_rows").gt(0), keyStruct(col("pos_min"), col("run_end"))))
            .as("first_gap"));
    total.add(coalesce(sum(col("repeats")), lit(0L)).as("repeated_rows"));
    total.add(min(when(col("repeats").gt(0), keyStruct(col("repeat_pos")))).as("first_repeat"));
    return aggregate(perKey(perPosition(facts)).groupBy(), total);
  }

  /**
   * Aggregates the marks of {@link #positionMarks} per {@code (key, x)}: {@code rows} at {@code pos
   * = x}, {@code marks} (so {@code marks - rows} rows at {@code pos = x - 1}), and the null {@code
   * q} count and length bounds of the rows at {@code x}.
   */
  private static Dataset<Row> perPosition(Dataset<Row> facts) {
    List<Column> perPosition = new ArrayList<>();
    perPosition.add(sum(col("present")).as("rows"));
    perPosition.add(count(lit(1)).as("marks"));
    perPosition.add(sum(col("q_null")).as("q_nulls"));
    perPosition.addAll(lengthBounds("k_len", "k_len", "v_len", "v_len"));
    Column[] keyAndPosition = {
      col(TokenRows.SEQ_ID), col(TokenRows.LAYER), col(TokenRows.HEAD), col("x")
    };
    return aggregate(positionMarks(facts).groupBy(keyAndPosition), perPosition);
  }

  /**
   * Aggregates {@link #perPosition} per key. A non-null {@code x} is a present position when {@code
   * rows > 0}, starts a run of consecutive positions when also {@code marks = rows}, and follows
   * the end of a run when {@code rows = 0}. A key misses {@code max - min + 1 - distinct} positions
   * between its smallest and largest, plus {@code min} before them when {@code min > 0}. Its rows
   * right after a gap are its runs but the first, plus one when {@code min > 0}.
   */
  private static Dataset<Row> perKey(Dataset<Row> positions) {
    Column present = col("rows").gt(0).and(col("x").isNotNull());
    Column repeated = col("rows").gt(1).and(col("x").isNotNull());
    Column runStart = present.and(col("marks").equalTo(col("rows")));
    List<Column> perKey = new ArrayList<>();
    perKey.add(sum(col("rows")).as("n"));
    perKey.add(sum(col("q_nulls")).as("q_nulls"));
    perKey.addAll(lengthBounds("k_min", "k_max", "v_min", "v_max"));
    perKey.add(count(when(present, 1)).as("distinct"));
    perKey.add(min(when(present, col("x"))).as("pos_min"));
    perKey.add(max(when(present, col("x"))).as("pos_max"));
    perKey.add(sum(when(repeated, col("rows").minus(1)).otherwise(0L)).as("repeats"));
    perKey.add(min(when(repeated, col("x"))).as("repeat_pos"));
    perKey.add(count(when(runStart, 1)).as("runs"));
    perKey.add(min(when(col("rows").equalTo(0), col("x").minus(1))).as("run_end"));
    Dataset<Row> keys = aggregate(positions.groupBy(keyColumns()), perKey);

    Column startsLate = col("pos_min").gt(0);
    return keys.withColumn(
            "missing",
            col("pos_max")
                .minus(col("pos_min"))
                .plus(1)
                .minus(col("distinct"))
                .plus(greatest(col("pos_min"), lit(0L))))
        .withColumn("gap_rows", col("runs").minus(1).plus(when(startsLate, 1L).otherwise(0L)));
  }

  /**
   * Returns {@code (seq_id, layer, head, x, present, q_null, k_len, v_len)}: per row, a mark {@code
   * x = pos, present = 1} with the row's null {@code q} flag (1 or 0) and lengths, and, when {@code
   * pos} is not null and below the largest long, a mark {@code x = pos + 1, present = 0} without
   * them.
   */
  private static Dataset<Row> positionMarks(Dataset<Row> facts) {
    Column pos = col(TokenRows.POS);
    Column none = lit(null).cast(DataTypes.IntegerType);
    Column self =
        struct(
            pos.as("x"),
            lit(1L).as("present"),
            when(col("q_null"), 1L).otherwise(0L).as("q_null"),
            col("k_len").as("k_len"),
            col("v_len").as("v_len"));
    Column next =
        when(
            pos.lt(Long.MAX_VALUE),
            struct(
                pos.plus(1).as("x"),
                lit(0L).as("present"),
                lit(0L).as("q_null"),
                none.as("k_len"),
                none.as("v_len")));
    return facts
        .select(
            col(TokenRows.SEQ_ID),
            col(TokenRows.LAYER),
            col(TokenRows.HEAD),
            explode(array(self, next)).as("mark"))
        .where(col("mark").isNotNull())
        .select(
            col(TokenRows.SEQ_ID),
            col(TokenRows.LAYER),
            col(TokenRows.HEAD),
            col("mark.x").as("x"),
            col("mark.present").as("present"),
            col("mark.q_null").as("q_null"),
            col("mark.k_len").as("k_len"),
            col("mark.v_len").as("v_len"));
  }

  /**
   * Returns the lines of the d and dv change rules. Runs a query only when some key has {@code k}
   * or {@code v} arrays of more than one length: it joins the rows with the broadcast reference
   * lengths of those keys.
   */
  private static List<String> lengthChangeLines(Dataset<Row> facts, Row totals) {
    List<String> lines = new ArrayList<>();
    if (totals.<Long>getAs("k_changes") == 0 && totals.<Long>getAs("v_changes") == 0) {
      return lines;
    }

    List<RowCheck> checks = ValidationRules.lengthChanges();
    Row result = run(() -> lengthChanges(facts, checks).first());
    for (RowCheck check : checks) {
      rowFinding(result, check).map(f -> line(f, check.describe())).ifPresent(lines::add);
    }
    return lines;
  }

  /**
   * Aggregates the length change rules over the rows of the keys whose lengths change, each row
   * joined with its key's {@code first_k_len} and {@code first_v_len}: the lengths at the smallest
   * non-null position whose array is not null (the shortest when that position repeats).
   */
  private static Dataset<Row> lengthChanges(Dataset<Row> facts, List<RowCheck> checks) {
    Column located = col(TokenRows.POS).isNotNull();
    List<Column> perKey = new ArrayList<>(lengthBounds("k_len", "k_len", "v_len", "v_len"));
    perKey.add(
        min(when(located.and(col("k_len").isNotNull()), struct("pos", "k_len")))
            .getField("k_len")
            .as("first_k_len"));
    perKey.add(
        min(when(located.and(col("v_len").isNotNull()), struct("pos", "v_len")))
            .getField("v_len")
            .as("first_v_len"));
    Dataset<Row> references =
        aggregate(facts.groupBy(keyColumns()), perKey)
            .where(col("k_min").notEqual(col("k_max")).or(col("v_min").notEqual(col("v_max"))))
            .select(
                col(TokenRows.SEQ_ID).as("ref_seq_id"),
                col(TokenRows.LAYER).as("ref_layer"),
                col(TokenRows.HEAD).as("ref_head"),
                col("first_k_len"),
                col("first_v_len"));

    Column sameKey =
        col(TokenRows.SEQ_ID)
            .eqNullSafe(col("ref_seq_id"))
            .and(col(TokenRows.LAYER).eqNullSafe(col("ref_layer")))
            .and(col(TokenRows.HEAD).eqNullSafe(col("ref_head")));
    List<Column> total = new ArrayList<>();
    for (RowCheck check : checks) {
      total.addAll(countAndFirst(check));
    }
    return aggregate(facts.join(broadcast(references), sameKey).groupBy(), total);
  }

  /**
   * Returns the repeated position rule's finding, naming the largest file that contains the first
   * repeated position. Finding that file takes one query over the key.
   */
  private static Optional<Finding> duplicateFinding(Dataset<Row> facts, Row totals) {
    long count = totals.getAs("repeated_rows");
    if (count == 0) {
      return Optional.empty();
    }

    Row repeat = totals.getAs("first_repeat");
    long pos = repeat.getLong(3);
    Column at = sameKey(repeat).and(col(TokenRows.POS).equalTo(pos));
    String file =
        run(() -> facts.where(at).agg(max(col(TokenRows.SOURCE_FILE))).first().getString(0));
    return Optional.of(new Finding(count, offendingRow(repeat, pos, file, null)));
  }

  /**
   * Returns the gap rule's finding. A key that starts above 0 misses positions before its smallest
   * one. Otherwise its first gap follows the end of its first run of consecutive positions. Either
   * way, one query over the key finds the row after the gap, the one in the smallest file first.
   */
  private static Optional<Finding> gapFinding(Dataset<Row> facts, Row totals) {
    long count = totals.getAs("gap_rows");
    if (count == 0) {
      return Optional.empty();
    }

    Row gap = totals.getAs("first_gap");
    long start = gap.getLong(3);
    Long previous = start > 0 ? null : gap.getLong(4);
    long after = previous == null ? start - 1 : previous;
    Column later = sameKey(gap).and(col(TokenRows.POS).gt(after));
    Row next =
        run(
            () ->
                facts
                    .where(later)
                    .agg(min(struct(col(TokenRows.POS), col(TokenRows.SOURCE_FILE))))
                    .first()
                    .getStruct(0));
    return Optional.of(
        new Finding(count, offendingRow(gap, next.getLong(0), next.getString(1), previous)));
  }

  private static ValidationReport report(Row totals) {
    return new ValidationReport(
        totals.getAs("rows"),
        totals.getAs("sequences"),
        totals.getAs("keys"),
        common(totals, "k_min", "k_max"),
        common(totals, "v_min", "v_max"),
        totals.getAs("min_length"),
        totals.getAs("max_length"),
        totals.<Long>getAs("missing"),
        totals.<Long>getAs("keys_with_gaps"),
        totals.<Long>getAs("q_nulls"));
  }

  /** Reads the count and first row of a per-row rule from the columns of {@link #countAndFirst}. */
  private static Optional<Finding> rowFinding(Row result, RowCheck check) {
    long count = result.<Long>getAs(check.name() + "_count");
    if (count == 0) {
      return Optional.empty();
    }
    return Optional.of(new Finding(count, result.getAs(check.name() + "_first")));
  }

  /** "WHERE: column 'x' ...; expected ... (N rows break this rule)". */
  private static String line(Finding finding, RowCheck.Describer describer) {
    return where(finding.first())
        + ": "
        + describer.describe(finding.first(), DETAIL)
        + " ("
        + finding.count()
        + plural(finding.count())
        + ")";
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

  /** Returns the rows breaking {@code check} and the smallest of them by key, pos and file. */
  private static List<Column> countAndFirst(RowCheck check) {
    Column first =
        struct(
            col(TokenRows.SEQ_ID),
            col(TokenRows.LAYER),
            col(TokenRows.HEAD),
            col(TokenRows.POS),
            col(TokenRows.SOURCE_FILE),
            check.detail().as("detail"));
    return List.of(
        count(when(check.offends(), 1)).as(check.name() + "_count"),
        min(when(check.offends(), first)).as(check.name() + "_first"));
  }

  /**
   * Returns {@code (seq_id, layer, head, pos, source_file, detail)} for a key found by position.
   */
  private static Row offendingRow(Row key, long pos, String file, Object detail) {
    return RowFactory.create(key.get(0), key.get(1), key.get(2), pos, file, detail);
  }

  /** Matches the rows of the key in the first three fields of {@code key}, null-safe. */
  private static Column sameKey(Row key) {
    return col(TokenRows.SEQ_ID)
        .eqNullSafe(lit(key.get(0)))
        .and(col(TokenRows.LAYER).eqNullSafe(lit(key.get(1))))
        .and(col(TokenRows.HEAD).eqNullSafe(lit(key.get(2))));
  }

  /**
   * Returns {@code k_min, k_max, v_min, v_max}: the minimum of {@code kLow} and {@code vLow} and
   * the maximum of {@code kHigh} and {@code vHigh}.
   */
  private static List<Column> lengthBounds(String kLow, String kHigh, String vLow, String vHigh) {
    return List.of(
        min(col(kLow)).as("k_min"),
        max(col(kHigh)).as("k_max"),
        min(col(vLow)).as("v_min"),
        max(col(vHigh)).as("v_max"));
  }

  private static Column keyStruct(Column... fields) {
    List<Column> columns = new ArrayList<>(Arrays.asList(keyColumns()));
    columns.addAll(Arrays.asList(fields));
    return struct(columns.toArray(new Column[0]));
  }

  private static Column[] keyColumns() {
    return new Column[] {col(TokenRows.SEQ_ID), col(TokenRows.LAYER), col(TokenRows.HEAD)};
  }

  private static Dataset<Row> aggregate(RelationalGroupedDataset groups, List<Column> columns) {
    return groups.agg(columns.get(0), columns.subList(1, columns.size()).toArray(new Column[0]));
  }

  /** Runs a Spark action and rethrows a contract error raised inside a task as itself. */
  private static <T> T run(Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw InvalidInputException.unwrap(e);
    }
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
