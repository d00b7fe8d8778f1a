package dev.sata.jobs.niah;

import dev.sata.jobs.common.Charts;
import dev.sata.jobs.common.JobOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The PNG figures of a {@code niah} report: heat maps (length x depth) per method and accuracy
 * against length per configuration; {@link CapacityChart} draws capacity against state size.
 */
final class NiahCharts {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Width and height of every figure, pixels. */
  static final int WIDTH = 900;

  static final int HEIGHT = 560;

  /** {@link java.text.DecimalFormat} pattern of heat map cells: 2 decimals, as in the report. */
  static final String ACCURACY_PATTERN = "0.00";

  private NiahCharts() {}

  /** Returns the file name stem of a (task, d, logit scale) configuration. */
  static String stem(String task, int d, double scale) {
    return task + "-d" + d + "-L" + formatScale(scale);
  }

  /** Formats a logit scale without a trailing {@code .0}. */
  static String formatScale(double scale) {
    return scale == Math.rint(scale)
        ? Long.toString((long) scale)
        : String.format(Locale.ROOT, "%s", scale);
  }

  /**
   * Writes one heat map per method of one configuration to {@code heatmaps/STEM-METHOD.png} and
   * returns the file names written.
   */
  static List<String> heatMaps(
      JobOutput output, List<NiahCell> cells, String task, int d, double scale) {
    List<NiahCell> selected = select(cells, task, d, scale);
    Map<String, List<NiahCell>> byMethod =
        selected.stream()
            .collect(
                Collectors.groupingBy(NiahCell::methodLabel, TreeMap::new, Collectors.toList()));
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, List<NiahCell>> entry : byMethod.entrySet()) {
      List<NiahCell> method = entry.getValue();
      long[] lengths = method.stream().mapToLong(NiahCell::length).sorted().distinct().toArray();
      double[] depths = method.stream().mapToDouble(NiahCell::depth).sorted().distinct().toArray();
      double[][] values = new double[lengths.length][depths.length];
      for (double[] row : values) {
        Arrays.fill(row, Double.NaN);
      }
      for (NiahCell cell : method) {
        values[Arrays.binarySearch(lengths, cell.length())][
                Arrays.binarySearch(depths, cell.depth())] =
            cell.accuracy();
      }
      String label = entry.getKey().replace("=", "");
      String file = "heatmaps/" + stem(task, d, scale) + "-" + label + ".png";
      String title =
          String.format(
              Locale.ROOT,
              "%s, %s: accuracy (d=%d, L=%s)",
              task,
              entry.getKey(),
              d,
              formatScale(scale));
      output.writeBytes(
          file,
          accuracyHeatMap(
              title,
              Arrays.stream(depths).mapToObj(NiahOptions::formatDepth).toList(),
              Arrays.stream(lengths).mapToObj(NiahOptions::formatLength).toList(),
              values));
      files.add(file);
    }
    return files;
  }

  /**
   * Writes accuracy (mean over depths) against length, one line per method, to {@code
   * accuracy/STEM.png} and returns the file name.
   */
  static String accuracyCurve(
      JobOutput output, List<NiahCell> cells, String task, int d, double scale) {
    Map<String, TreeMap<Long, double[]>> byMethod = new TreeMap<>(NiahCharts::methodOrder);
    for (NiahCell cell : select(cells, task, d, scale)) {
      double[] sum =
          byMethod
              .computeIfAbsent(cell.methodLabel(), m -> new TreeMap<>())
              .computeIfAbsent(cell.length(), n -> new double[2]);
      sum[0] += cell.accuracy();
      sum[1]++;
    }
    List<Charts.Series> series = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, double[]>> entry : byMethod.entrySet()) {
      double[] x = entry.getValue().keySet().stream().mapToDouble(Long::doubleValue).toArray();
      double[] y = entry.getValue().values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
      series.add(new Charts.Series(entry.getKey(), x, y));
    }
    String file = "accuracy/" + stem(task, d, scale) + ".png";
    String title =
        String.format(
            Locale.ROOT, "%s: accuracy vs length (d=%d, L=%s)", task, d, formatScale(scale));
    output.writeBytes(
        file,
        Charts.linePlot(
            title, "context length (tokens)", "accuracy (mean over depths)", series, true, false));
    return file;
  }

  /** Draws {@link #accuracyHeatMapChart} as PNG bytes. */
  private static byte[] accuracyHeatMap(
      String title, List<String> columns, List<String> rows, double[][] values) {
    return Charts.png(accuracyHeatMapChart(title, columns, rows, values));
  }

  /**
   * Builds an accuracy heat map whose colour scale is fixed to {@code [0, 1]}, so that equal
   * colours mean equal accuracy in every map, and whose cells show the accuracy with 2 decimals;
   * {@code values[row][column]} is the cell at length {@code rows[row]} and depth {@code
   * columns[column]}.
   */
  static HeatMapChart accuracyHeatMapChart(
      String title, List<String> columns, List<String> rows, double[][] values) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("needle depth")
            .yAxisTitle("context length (tokens)")
            .build();
    chart.getStyler().setShowValue(true);
    // XChart 3.8.8 formats cell values with this pattern and ignores a value formatter function
    chart.getStyler().setHeatMapValueDecimalPattern(ACCURACY_PATTERN);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(1);
    List<Number[]> cells = new ArrayList<>();
    for (int row = 0; row < rows.size(); row++) {
      for (int column = 0; column < columns.size(); column++) {
        if (!Double.isNaN(values[row][column])) {
          cells.add(new Number[] {column, row, values[row][column]});
        }
      }
    }
    chart.addSeries(title, columns, rows, cells);
    return chart;
  }

  private static List<NiahCell> select(List<NiahCell> cells, String task, int d, double scale) {
    return cells.stream()
        .filter(c -> c.task().equals(task) && c.d() == d && c.logitScale() == scale)
        .toList();
  }

  /** Orders {@code exact} first, then {@code P=1}, {@code P=2}, ... numerically. */
  static int methodOrder(String a, String b) {
    return Integer.compare(methodRank(a), methodRank(b));
  }

  private static int methodRank(String label) {
    return label.equals("exact") ? 0 : Integer.parseInt(label.substring(2));
  }
}
