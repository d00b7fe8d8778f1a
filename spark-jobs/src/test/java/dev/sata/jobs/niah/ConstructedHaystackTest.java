package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One needle at logit 6 among identical haystack keys at logit 0: needle weights and breaking
 * lengths follow from {@code e^6 = 403.4} and {@code T_P(6)} in closed form.
 */
class ConstructedHaystackTest {

  private static final long SEED = 7;
  private static final double LOGIT = 6;
  private static final int HAYSTACK_CODE = 0; // +b_0
  private static final int NEEDLE_CODE = 1; // +b_1

  @Test
  void needleWeightAmongThousandKeys() {
    CellEvaluator evaluator = evaluator(1000, 1000);
    int index = evaluator.plan().grid().indexOf(1000);

    MethodStats[][] stats = evaluator.evaluate(NiahTask.SINGLE, 0, index);

    for (int depth = 0; depth < stats.length; depth++) {
      // exact: e^6 / (e^6 + 999); P = 4: T_4(6) = 61, 61 / (61 + 999)
      double exact = stats[depth][0].meanNeedleWeight();
      double taylor = stats[depth][4].meanNeedleWeight();
      assertEquals(0.288, exact, 5e-4, "exact needle weight at depth index " + depth);
      assertEquals(0.058, taylor, 5e-4, "P=4 needle weight at depth index " + depth);
      assertEquals(Math.exp(6) / (Math.exp(6) + 999), exact, 1e-12, "exact closed form");
      assertEquals(61.0 / 1060, taylor, 1e-12, "P=4 closed form");
    }
  }

  @Test
  void capacityMatchesClosedForm() {
    // the needle's code wins when its weight exceeds 1/2: T(6) > n - 1
    CellEvaluator evaluator = evaluator(1000, 1000);
    long[] candidates = evaluator.plan().capacityLengths();

    CapacitySearch.Result exact = search(evaluator, candidates, 0);
    CapacitySearch.Result p3 = search(evaluator, candidates, 3);
    CapacitySearch.Result p4 = search(evaluator, candidates, 4);
    CapacitySearch.Result p2 = search(evaluator, candidates, 2);

    assertEquals(395, exact.capacity(), "exact: n - 1 < 403.4, largest candidate 395");
    assertEquals(431, exact.firstFailure(), "exact: first failing candidate");
    assertEquals(25, p3.capacity(), "P=3: T_3(6) = 25, n - 1 < 25");
    assertEquals(27, p3.firstFailure(), "P=3: first failing candidate");
    assertEquals(59, p4.capacity(), "P=4: T_4(6) = 61, n - 1 < 61");
    assertEquals(64, p4.firstFailure(), "P=4: first failing candidate");
    assertEquals(CapacitySearch.Status.BELOW_MIN, p2.status(), "P=2: T_2(6) = 7 < 15");
  }

  private static CapacitySearch.Result search(
      CellEvaluator evaluator, long[] candidates, int method) {
    return CapacitySearch.search(
        candidates,
        LengthGrid.STEPS_PER_OCTAVE,
        i -> {
          int index = evaluator.plan().grid().indexOf(candidates[i]);
          return evaluator.accuracy(NiahTask.SINGLE, 0, index, method) >= 0.9;
        });
  }

  /** Runs one pass over a constant haystack (no Spark) and returns its evaluator. */
  static CellEvaluator evaluator(long length, long capacityMax) {
    int d = 2;
    NiahOptions options =
        NiahOptions.builder()
            .tasks(List.of(NiahTask.SINGLE))
            .headSizes(d)
            .dv(2)
            .taylorTerms(1, 2, 3, 4)
            .logitScales(LOGIT)
            .lengths(length)
            .depths(0, 0.5, 1)
            .trials(1)
            .capacityMaxLength(capacityMax)
            .build();
    Codebook codebook = new Codebook(SEED, options.dv());
    NeedleSet needle =
        Needles.oneNeedle(NiahTask.SINGLE, 0, new double[] {1, 0}, NEEDLE_CODE, d, codebook);
    PassPlan plan =
        PassPlan.create(
            "synthetic", options, d, List.of(needle), options.lengths(), capacityMax, length);
    HaystackPass pass =
        new HaystackPass(
            new ConstantHaystack(d, codebook, HAYSTACK_CODE),
            plan.grid(),
            plan.queries(),
            plan.terms(),
            plan.capturePositions());

    List<HaystackChunk> chunks = new ArrayList<>();
    for (long start = 0; start < plan.grid().extent(); start += 100) {
      chunks.add(
          new HaystackChunk(
              chunks.size(), start, (int) Math.min(100, plan.grid().extent() - start), null));
    }
    BucketTables tables = pass.process(chunks.iterator(), null);
    return new CellEvaluator(plan, tables, codebook);
  }
}
