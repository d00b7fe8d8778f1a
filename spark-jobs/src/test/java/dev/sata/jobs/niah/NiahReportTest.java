package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/** The report text and figures of niah, from hand-made results: no Spark needed. */
class NiahReportTest {

  private static final Map<String, Object> MACHINE =
      Map.of("cpuModel", "test CPU", "availableProcessors", 2, "sparkMaster", "local[2]");

  @Test
  void heatMapCellsShowTwoDecimals() {
    HeatMapChart chart =
        NiahCharts.accuracyHeatMapChart(
            "single, P=3", List.of("0%", "100%"), List.of("16"), new double[][] {{2 / 3.0, 1}});

    String pattern = chart.getStyler().getHeatMapValueDecimalPattern();
    DecimalFormat format =
        new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));

    assertEquals("0.67", format.format(2 / 3.0), "accuracy 2/3 with pattern " + pattern);
    assertEquals("1.00", format.format(1.0), "accuracy 1 with pattern " + pattern);
  }

  /** Every P gets a label above its state size, and the axes name their units. */
  @Test
  void capacityChartLabelsEveryTerm() {
    List<CapacityRow> rows = capacityRows();

    XYChart chart = CapacityChart.capacityChart(rows, "single");
    List<double[]> drawn =
        List.of(new double[] {45, 3}, new double[] {135, 11}, new double[] {135, 21});
    List<CapacityChart.PointLabel> labels = CapacityChart.termLabels(rows, "single", drawn);

    assertTrue(chart.getXAxisTitle().contains("floats"), "x axis: " + chart.getXAxisTitle());
    assertTrue(chart.getYAxisTitle().contains("tokens"), "y axis: " + chart.getYAxisTitle());
    assertTrue(chart.getStyler().isYAxisLogarithmic(), "capacity axis is logarithmic");
    assertEquals(2, labels.size(), "one label per state size: " + labels);
    assertEquals("P=2", labels.get(0).text(), "label of the 45-float state");
    assertEquals(45, labels.get(0).x(), 0, "label sits at the state size");
    assertTrue(labels.get(0).y() > 3, "label above the KV-cache point: " + labels.get(0));
    assertEquals("P=3", labels.get(1).text(), "label of the 135-float state");
    assertTrue(labels.get(1).y() > 21, "label above the highest point: " + labels.get(1));
    double yMin = chart.getStyler().getYAxisMin();
    double yMax = chart.getStyler().getYAxisMax();
    assertTrue(yMin <= 3, "y axis reaches down to the KV-cache point at 3: " + yMin);
    assertTrue(yMax >= 25, "y axis reaches up to the capacity 25: " + yMax);
    assertTrue(decadesWithin(yMin, yMax) >= 2, "labelled decades in [" + yMin + ", " + yMax + "]");
  }

  @Test
  void logAxisRangeSpansTwoDecades() {
    double[] narrow = CapacityChart.logAxisRange(new double[] {21, 25});
    double[] wide = CapacityChart.logAxisRange(new double[] {3, 730});

    assertEquals(10, narrow[0], 0, "21..25 widens to whole decades: " + Arrays.toString(narrow));
    assertEquals(100, narrow[1], 0, "21..25 widens to whole decades: " + Arrays.toString(narrow));
    assertEquals(2, wide[0], 1e-12, "3..730 keeps room of 1.5: " + Arrays.toString(wide));
    assertEquals(1095, wide[1], 1e-9, "3..730 keeps room of 1.5: " + Arrays.toString(wide));
  }

  /** A run without real text has no real-text key sizes in its command line or size table. */
  @Test
  void realTextSizesOnlyWhenItRuns() {
    NiahOptions synthetic = options(List.of(NiahTask.SINGLE));
    NiahOptions both = options(List.of(NiahTask.SINGLE, NiahTask.REAL_TEXT));

    String syntheticReport = NiahMarkdown.report(synthetic, result(), List.of(), MACHINE);
    String bothReport = NiahMarkdown.report(both, result(), List.of(), MACHINE);

    assertFalse(syntheticReport.contains("--real-text-d"), "command line:\n" + syntheticReport);
    assertFalse(syntheticReport.contains("--real-text-sentences"), "command:\n" + syntheticReport);
    assertFalse(syntheticReport.contains("| 16 | 2 |"), "size rows of d = 16:\n" + syntheticReport);
    assertFalse(
        NiahReport.configuration(synthetic).containsKey("real-text-d"), "summary.json config");
    assertTrue(bothReport.contains("--real-text-d 8,16"), "command line:\n" + bothReport);
    assertTrue(bothReport.contains("| 16 | 2 | 17 | 153 |"), "size row of d = 16:\n" + bothReport);
  }

  /** At d = 128, P = 16, D = binom(143, 15) ~ 7.6e19 is past the long range. */
  @Test
  void sizeTableShowsTrueMagnitudes() {
    NiahOptions options =
        NiahOptions.builder()
            .tasks(List.of(NiahTask.SINGLE))
            .headSizes(128)
            .taylorTerms(2, 16)
            .build();

    String report = NiahMarkdown.report(options, result(), List.of(), MACHINE);

    assertFalse(report.contains(String.valueOf(Long.MAX_VALUE)), "saturated count:\n" + report);
    assertTrue(
        report.contains("| 128 | 16 | 7.644e+19 | 6.879e+20 | 5.058e+18 |"),
        "P = 16 row: D, D (dv + 1) and D (dv + 1) / (d + dv):\n" + report);
  }

  @Test
  void reportStatesJobAndSweepTimes() {
    String report =
        NiahMarkdown.report(options(List.of(NiahTask.SINGLE)), result(), List.of(), MACHINE);

    assertTrue(report.contains("Job time 13.0 s after Spark started"), "job time:\n" + report);
    assertTrue(report.contains("took 2.4 s"), "sweep time:\n" + report);
    assertTrue(report.contains("figures 10.6 s"), "output time:\n" + report);
  }

  private static NiahOptions options(List<NiahTask> tasks) {
    return NiahOptions.builder().tasks(tasks).headSizes(4).taylorTerms(2, 3).build();
  }

  /** Returns an empty result with a 2.4 s sweep in a 13.0 s job. */
  private static NiahResult result() {
    return new NiahResult("out", List.of(), List.of(), List.of(), List.of(), 2.4, 13.0);
  }

  /** Single needle, d = 4, dv = 8, L = 8: exact, P = 2 fails at 16, P = 3 reaches 21 tokens. */
  private static List<CapacityRow> capacityRows() {
    return List.of(
        new CapacityRow("single", 4, 8, "exact", 0, 8, "found", 76, 83, 7, 0, 912),
        new CapacityRow("single", 4, 8, "sata", 2, 8, "below-min", 0, 16, 1, 45, 0),
        new CapacityRow("single", 4, 8, "sata", 3, 8, "found", 21, 23, 5, 135, 252));
  }

  private static int decadesWithin(double min, double max) {
    return (int) (Math.floor(Math.log10(max)) - Math.ceil(Math.log10(min))) + 1;
  }
}
