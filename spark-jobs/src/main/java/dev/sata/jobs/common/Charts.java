package dev.sata.jobs.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots for the reports, drawn with XChart in headless mode. */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  /**
   * {@link java.text.DecimalFormat} pattern of heat map cells: up to 2 decimals with a leading
   * zero, so callers round values to 2 decimals or fewer.
   */
  static final String CELL_PATTERN = "0.##";

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** One named line of a line plot: x and y of equal length. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series " + name + ": x has " + x.length + " points but y has " + y.length);
      }
    }
  }

  /**
   * Draws a line plot with markers.
   *
   * <p>On a logarithmic axis, points with a non-positive coordinate cannot be drawn and are left
   * out; a series left with no point is omitted.
   */
  public static byte[] linePlot(
      String title, String xLabel, String yLabel, List<Series> series, boolean logX, boolean logY) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setLegendVisible(series.size() > 1);

    int drawn = 0;
    for (Series s : series) {
      Series kept = dropNonPositive(s, logX, logY);
      if (kept.x().length == 0) {
        continue;
      }
      chart.addSeries(kept.name(), kept.x(), kept.y()).setMarker(SeriesMarkers.CIRCLE);
      drawn++;
    }
    if (drawn == 0) {
      chart.setTitle(title + " (no drawable points)");
      chart.addSeries("none", new double[] {1}, new double[] {1});
    }
    return png(chart);
  }

  /**
   * Draws a heat map; {@code values[row][column]} is the cell at {@code yLabels[row]} and {@code
   * xLabels[column]}. NaN cells are left empty.
   */
  public static byte[] heatMap(
      String title,
      String xLabel,
      String yLabel,
      List<String> xLabels,
      List<String> yLabels,
      double[][] values,
      boolean showValues) {
    return heatMap(title, xLabel, yLabel, xLabels, yLabels, values, showValues, WIDTH);
  }

  /** Draws a heat map as {@link #heatMap} does, {@code width} pixels wide for long titles. */
  public static byte[] heatMap(
      String title,
      String xLabel,
      String yLabel,
      List<String> xLabels,
      List<String> yLabels,
      double[][] values,
      boolean showValues,
      int width) {
    return png(heatMapChart(title, xLabel, yLabel, xLabels, yLabels, values, showValues, width));
  }

  /** Builds the chart that {@link #heatMap} encodes. */
  static HeatMapChart heatMapChart(
      String title,
      String xLabel,
      String yLabel,
      List<String> xLabels,
      List<String> yLabels,
      double[][] values,
      boolean showValues,
      int width) {
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(width)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    chart.getStyler().setShowValue(showValues);
    // XChart 3.8.8 formats cell values with this pattern and never calls a value formatter.
    chart.getStyler().setHeatMapValueDecimalPattern(CELL_PATTERN);
    chart.getStyler().setLegendVisible(true);

    List<Number[]> cells = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int row = 0; row < yLabels.size(); row++) {
      for (int column = 0; column < xLabels.size(); column++) {
        double value = values[row][column];
        if (Double.isNaN(value)) {
          continue;
        }
        cells.add(new Number[] {column, row, value});
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    if (cells.isEmpty()) {
      min = 0;
      max = 1;
    }
    chart.getStyler().setMin(min);
    chart.getStyler().setMax(max == min ? min + 1 : max);
    chart.addSeries(title, xLabels, yLabels, cells);
    return chart;
  }

  /** Encodes a chart as PNG bytes. */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode chart " + chart.getTitle(), e);
    }
  }

  /** Returns a map that keeps insertion order, for building series by name. */
  public static <V> Map<String, V> ordered() {
    return new LinkedHashMap<>();
  }

  private static Series dropNonPositive(Series s, boolean logX, boolean logY) {
    int[] keep =
        java.util.stream.IntStream.range(0, s.x().length)
            .filter(i -> Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]))
            .filter(i -> !logX || s.x()[i] > 0)
            .filter(i -> !logY || s.y()[i] > 0)
            .toArray();
    double[] x = Arrays.stream(keep).mapToDouble(i -> s.x()[i]).toArray();
    double[] y = Arrays.stream(keep).mapToDouble(i -> s.y()[i]).toArray();
    return new Series(s.name(), x, y);
  }
}
