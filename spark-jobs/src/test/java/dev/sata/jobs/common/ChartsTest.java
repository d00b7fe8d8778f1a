package dev.sata.jobs.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.DecimalFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;

/** Plots encode to PNG, including log axes with points that cannot be drawn. */
class ChartsTest {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  @Test
  void linePlotOnLogAxesSkipsNonPositivePoints() {
    Charts.Series series =
        new Charts.Series("P=2", new double[] {1, 2, 3}, new double[] {0.0, 1e-3, 1e-6});

    byte[] png = Charts.linePlot("error", "P", "error", List.of(series), false, true);

    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 4), "PNG signature");
  }

  @Test
  void heatMapCellsUseTheCellPattern() {
    double[][] values = {{0.94, -2.35}};

    HeatMapChart chart =
        Charts.heatMapChart(
            "err", "head", "layer", List.of("0", "1"), List.of("0"), values, true, 900);

    String pattern = chart.getStyler().getHeatMapValueDecimalPattern();
    assertEquals(Charts.CELL_PATTERN, pattern, "heat map cell pattern");
    assertEquals("0.94", new DecimalFormat(pattern).format(0.94), "leading zero kept");
    assertEquals("-2.35", new DecimalFormat(pattern).format(-2.35), "two decimals");
    assertEquals("1", new DecimalFormat(pattern).format(1.0), "no trailing zeros");
  }

  @Test
  void heatMapWithMissingCells() {
    double[][] values = {{0.1, Double.NaN}, {0.3, 0.4}};

    byte[] png =
        Charts.heatMap(
            "acc", "depth", "length", List.of("0%", "100%"), List.of("1K", "4K"), values, true);

    assertTrue(png.length > 1000, "PNG of " + png.length + " bytes is too small for a heat map");
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 4), "PNG signature");
  }
}
