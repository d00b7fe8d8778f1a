package dev.sata.jobs.niah;

import dev.sata.jobs.common.Charts;
import dev.sata.jobs.common.JobOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The capacity figure of a {@code niah} report: capacity against Taylor state size, log-log. */
final class CapacityChart {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Factor above the highest point of a state size at which its {@code P} label sits. */
  private static final double LABEL_LIFT = 1.35;

  /** Factor of room between the outermost points and the ends of a log axis. */
  private static final double EDGE_ROOM = 1.5;

  private CapacityChart() {}

  /** Writes {@link #capacityChart} of one task to {@code file} and returns the file name. */
  static String capacityPlot(JobOutput output, List<CapacityRow> rows, String task, String file) {
    output.writeBytes(file, Charts.png(capacityChart(rows, task)));
    return file;
  }

  /**
   * Draws capacity against state size for one task, log-log: one line per (d, L) over {@code P},
   * plus one line per {@code d} where a KV cache of the length has the state's size, with each
   * state size labelled by its {@code P}. Both axes span at least two powers of 10, so at least two
   * ticks are labelled. A search that fails at the shortest length has no point, because 0 cannot
   * be drawn on the log axis. A search that passes at the longest length is drawn at that length.
   */
  static XYChart capacityChart(List<CapacityRow> rows, String task) {
    XYChart chart =
        new XYChartBuilder()
            .width(NiahCharts.WIDTH)
            .height(NiahCharts.HEIGHT)
            .title(task + ": capacity (accuracy >= threshold) vs state size")
            .xAxisTitle("Taylor state size D (dv + 1), floats")
            .yAxisTitle("capacity: context length, tokens")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("#,##0");

    // lines, keeping only the points a log axis can draw
    List<double[]> points = new ArrayList<>();
    for (Charts.Series line : capacitySeries(rows, task)) {
      double[][] drawable = positivePoints(line);
      if (drawable[0].length > 0) {
        chart.addSeries(line.name(), drawable[0], drawable[1]).setMarker(SeriesMarkers.CIRCLE);
        for (int i = 0; i < drawable[0].length; i++) {
          points.add(new double[] {drawable[0][i], drawable[1][i]});
        }
      }
    }
    if (points.isEmpty()) {
      chart.setTitle(chart.getTitle() + " (no drawable points)");
      chart.addSeries("none", new double[] {1}, new double[] {1});
      return chart;
    }

    // a P label above every state size, then the axes
    List<PointLabel> labels = termLabels(rows, task, points);
    for (PointLabel label : labels) {
      chart.addAnnotation(new AnnotationText(label.text(), label.x(), label.y(), false));
      points.add(new double[] {label.x(), label.y()});
    }
    setLogAxes(chart, points);
    return chart;
  }

  /** A text drawn centred at {@code (x, y)}, in data coordinates. */
  record PointLabel(String text, double x, double y) {}

  /**
   * Returns one label per state size of {@code task}: {@code P=3}, or {@code d=4 P=3, d=8 P=2} when
   * two key sizes share the size. It sits {@link #LABEL_LIFT} times above the highest of {@code
   * points} at that size.
   */
  static List<PointLabel> termLabels(List<CapacityRow> rows, String task, List<double[]> points) {
    TreeMap<Long, TreeMap<Integer, Integer>> termsBySize = new TreeMap<>();
    for (CapacityRow row : rows) {
      if (row.task().equals(task) && row.terms() > 0) {
        termsBySize
            .computeIfAbsent(row.stateFloats(), k -> new TreeMap<>())
            .put(row.d(), row.terms());
      }
    }
    List<PointLabel> labels = new ArrayList<>();
    termsBySize.forEach(
        (size, termsByD) -> {
          double top =
              points.stream().filter(p -> p[0] == size).mapToDouble(p -> p[1]).max().orElse(0);
          if (top <= 0) {
            return;
          }
          String text =
              termsByD.size() == 1
                  ? "P=" + termsByD.firstEntry().getValue()
                  : termsByD.entrySet().stream()
                      .map(e -> "d=" + e.getKey() + " P=" + e.getValue())
                      .collect(Collectors.joining(", "));
          labels.add(new PointLabel(text, size, top * LABEL_LIFT));
        });
    return labels;
  }

  /** Returns the capacity lines per (d, L) and the KV-cache lines per d of one task. */
  private static List<Charts.Series> capacitySeries(List<CapacityRow> rows, String task) {
    Map<String, TreeMap<Long, Long>> lines = new TreeMap<>();
    TreeMap<Integer, TreeMap<Long, Long>> equalSize = new TreeMap<>();
    for (CapacityRow row : rows) {
      if (!row.task().equals(task) || row.terms() == 0) {
        continue;
      }
      String name = "d=" + row.d() + ", L=" + NiahCharts.formatScale(row.logitScale());
      lines
          .computeIfAbsent(name, k -> new TreeMap<>())
          .put(row.stateFloats(), row.status().equals("below-min") ? 0 : row.capacity());
      equalSize
          .computeIfAbsent(row.d(), k -> new TreeMap<>())
          .put(row.stateFloats(), row.stateFloats() / (row.d() + row.dv()));
    }
    List<Charts.Series> series = new ArrayList<>();
    lines.forEach((name, points) -> series.add(series(name, points)));
    equalSize.forEach((d, points) -> series.add(series("KV cache = state size, d=" + d, points)));
    return series;
  }

  /** Returns {x, y} of the points of {@code line} whose coordinates are both positive. */
  private static double[][] positivePoints(Charts.Series line) {
    int[] keep =
        IntStream.range(0, line.x().length)
            .filter(i -> line.x()[i] > 0 && line.y()[i] > 0)
            .toArray();
    return new double[][] {
      Arrays.stream(keep).mapToDouble(i -> line.x()[i]).toArray(),
      Arrays.stream(keep).mapToDouble(i -> line.y()[i]).toArray()
    };
  }

  /**
   * Sets both log axes to {@link #logAxisRange} of {@code points}. XChart 3.8.8 labels only the
   * decades of a log axis by default, so each axis gets at least two labels.
   */
  private static void setLogAxes(XYChart chart, List<double[]> points) {
    double[] x = logAxisRange(points.stream().mapToDouble(p -> p[0]).toArray());
    double[] y = logAxisRange(points.stream().mapToDouble(p -> p[1]).toArray());
    chart.getStyler().setXAxisMin(x[0]).setXAxisMax(x[1]);
    chart.getStyler().setYAxisMin(y[0]).setYAxisMax(y[1]);
  }

  /**
   * Returns {@code [min / 1.5, 1.5 max]} of positive {@code values} when that range contains at
   * least two powers of 10, else the enclosing whole decades, which do.
   */
  static double[] logAxisRange(double[] values) {
    double min = Arrays.stream(values).min().orElse(1) / EDGE_ROOM;
    double max = Arrays.stream(values).max().orElse(1) * EDGE_ROOM;
    if (Math.floor(Math.log10(max)) - Math.ceil(Math.log10(min)) >= 1) {
      return new double[] {min, max};
    }
    return new double[] {
      Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max)))
    };
  }

  private static Charts.Series series(String name, TreeMap<Long, Long> points) {
    double[] x = points.keySet().stream().mapToDouble(Long::doubleValue).toArray();
    double[] y = points.values().stream().mapToDouble(Long::doubleValue).toArray();
    return new Charts.Series(name, x, y);
  }
}
