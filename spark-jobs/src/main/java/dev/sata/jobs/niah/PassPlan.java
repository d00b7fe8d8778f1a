package dev.sata.jobs.niah;

import dev.sata.kernel.CostModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Everything the driver decides before one haystack pass: the tasks and needles, the queries, the
 * lengths to evaluate and the haystack tokens to keep.
 *
 * <p>Lengths: the requested heat map lengths that fit, the accuracy curve ({@code min 4^k} from the
 * capacity minimum length {@code min}, so that breaking points below the shortest requested length
 * show in the heat maps and curves too) and the capacity search grid ({@link
 * LengthGrid#capacityLengths}), all cut at the haystack extent. The extent is the largest of those
 * lengths that both the data (sentences of the real-text corpus) and the flop budget allow:
 * building the state costs {@code D + 2 D (dv + 1)} flops per token, so a budget {@code B} allows
 * {@code B / (D + 2 D (dv + 1))} tokens.
 */
final class PassPlan {

  /** Name of the pass over the synthetic haystack. */
  static final String SYNTHETIC = "synthetic";

  /** Name of the pass over the real-text haystack. */
  static final String REAL_TEXT = "real-text";

  /** Ratio of consecutive accuracy curve lengths. */
  static final long CURVE_FACTOR = 4;

  private final String name;
  private final int d;
  private final int dv;
  private final int terms;
  private final double[] scales;
  private final double[] depths;
  private final List<NeedleSet> needleSets;
  private final Map<NiahTask, int[]> setsByTask;
  private final QuerySet queries;
  private final LengthGrid grid;
  private final long[] heatMapLengths;
  private final long[] curveLengths;
  private final long[] capacityLengths;
  private final long[] skippedLengths;
  private final long tokenLimit;

  private PassPlan(Builder b) {
    name = b.name;
    d = b.d;
    dv = b.dv;
    terms = b.terms;
    scales = b.scales;
    depths = b.depths;
    needleSets = List.copyOf(b.needleSets);
    setsByTask = b.setsByTask;
    queries = new QuerySet(needleSets, scales, d);
    grid = b.grid;
    heatMapLengths = b.heatMapLengths;
    curveLengths = b.curveLengths;
    capacityLengths = b.capacityLengths;
    skippedLengths = b.skippedLengths;
    tokenLimit = b.tokenLimit;
  }

  /**
   * Plans a pass, or returns null when not even the capacity minimum length fits the budget or the
   * data.
   *
   * @param name pass name for logs and the summary ({@code synthetic} or {@code real-text})
   * @param needleSets all needle sets of the pass, in task then trial order
   * @param requested the heat map lengths asked for
   * @param capacityMax the longest capacity search length asked for
   * @param available the most tokens the data can provide ({@link Long#MAX_VALUE} for synthetic)
   */
  static PassPlan create(
      String name,
      NiahOptions options,
      int d,
      List<NeedleSet> needleSets,
      long[] requested,
      long capacityMax,
      long available) {
    Builder b = new Builder();
    b.name = name;
    b.d = d;
    b.dv = options.dv();
    b.terms = options.maxTerms();
    b.scales = options.logitScales();
    b.depths = options.depths();
    b.needleSets = needleSets;

    // the token limit from the flop budget and the data
    double flopsPerToken = CostModel.flopsPerKey(d, options.dv(), options.maxTerms());
    long budgetTokens = (long) Math.min(Long.MAX_VALUE, options.maxHaystackFlops() / flopsPerToken);
    b.tokenLimit = Math.min(budgetTokens, available);
    long min = options.capacityMinLength();
    if (b.tokenLimit < min) {
      return null;
    }

    // lengths that fit, and the grid that contains them all
    b.heatMapLengths = LongStream.of(requested).filter(n -> n <= b.tokenLimit).toArray();
    b.skippedLengths = LongStream.of(requested).filter(n -> n > b.tokenLimit).toArray();
    long searchMax = Math.min(capacityMax, b.tokenLimit);
    long maxHeatMap =
        b.heatMapLengths.length == 0 ? min : b.heatMapLengths[b.heatMapLengths.length - 1];
    b.capacityLengths = LengthGrid.capacityLengths(min, searchMax);
    b.curveLengths =
        LengthGrid.geometricLengths(min, Math.max(searchMax, maxHeatMap), CURVE_FACTOR);
    b.grid =
        LengthGrid.of(
            LongStream.concat(
                    LongStream.concat(
                        LongStream.of(b.heatMapLengths), LongStream.of(b.capacityLengths)),
                    LongStream.of(b.curveLengths))
                .toArray());

    // needle sets by task
    b.setsByTask = new LinkedHashMap<>();
    for (NiahTask task : NiahTask.values()) {
      int[] indexes =
          IntStream.range(0, needleSets.size())
              .filter(i -> needleSets.get(i).task() == task)
              .toArray();
      if (indexes.length > 0) {
        b.setsByTask.put(task, indexes);
      }
    }
    return new PassPlan(b);
  }

  /**
   * Returns every haystack position a needle replaces at some grid length and depth, sorted: the
   * tokens the pass must keep.
   */
  long[] capturePositions() {
    TreeSet<Integer> counts = new TreeSet<>();
    for (NeedleSet set : needleSets) {
      counts.add(set.insertedCount());
    }
    TreeSet<Long> positions = new TreeSet<>();
    for (long n : grid.points()) {
      for (double depth : depths) {
        for (int m : counts) {
          for (long position : Placement.positions(n, depth, m)) {
            positions.add(position);
          }
        }
      }
    }
    return positions.stream().mapToLong(Long::longValue).toArray();
  }

  String name() {
    return name;
  }

  int d() {
    return d;
  }

  int dv() {
    return dv;
  }

  /** Returns {@code P}, the number of terms of the states. */
  int terms() {
    return terms;
  }

  double[] scales() {
    return scales;
  }

  double[] depths() {
    return depths;
  }

  List<NeedleSet> needleSets() {
    return needleSets;
  }

  /** Returns the tasks of the pass, in {@link NiahTask} order. */
  List<NiahTask> tasks() {
    return new ArrayList<>(setsByTask.keySet());
  }

  /** Returns the indexes into {@link #needleSets()} of one task's trials. */
  int[] setsOf(NiahTask task) {
    int[] sets = setsByTask.get(task);
    if (sets == null) {
      throw new IllegalArgumentException("task " + task + " is not part of pass " + name);
    }
    return sets;
  }

  QuerySet queries() {
    return queries;
  }

  LengthGrid grid() {
    return grid;
  }

  /** Returns the lengths scored at every depth: heat map and curve lengths, ascending. */
  long[] cellLengths() {
    return LongStream.concat(LongStream.of(heatMapLengths), LongStream.of(curveLengths))
        .sorted()
        .distinct()
        .toArray();
  }

  long[] capacityLengths() {
    return capacityLengths.clone();
  }

  /** Returns requested heat map lengths above the token limit, which this pass leaves out. */
  long[] skippedLengths() {
    return skippedLengths.clone();
  }

  /** Returns the most tokens the flop budget and the data allow. */
  long tokenLimit() {
    return tokenLimit;
  }

  @Override
  public String toString() {
    return name
        + ": d="
        + d
        + ", P="
        + terms
        + ", "
        + needleSets.size()
        + " needle sets, "
        + queries.size()
        + " queries, "
        + grid.size()
        + " grid lengths up to "
        + grid.extent()
        + (skippedLengths.length > 0 ? ", skipped " + Arrays.toString(skippedLengths) : "");
  }

  private static final class Builder {
    String name;
    int d;
    int dv;
    int terms;
    double[] scales;
    double[] depths;
    List<NeedleSet> needleSets;
    Map<NiahTask, int[]> setsByTask;
    LengthGrid grid;
    long[] heatMapLengths;
    long[] curveLengths;
    long[] capacityLengths;
    long[] skippedLengths;
    long tokenLimit;
  }
}
