package dev.sata.jobs.evaluate;

import dev.sata.jobs.common.Charts;
import dev.sata.jobs.common.JobOutput;
import dev.sata.kernel.ErrorStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code report.md} and its PNG plots. Every error figure in the report is placed next to
 * the configuration that produced it and the logit range of the data.
 */
final class ReportWriter {

  static final String ERROR_VS_TERMS = "error-vs-terms.png";
  static final String ERROR_VS_LOGITS = "error-vs-logit-range.png";
  static final String MAX_LOGIT_HEAT_MAP = "heatmap-max-abs-logit.png";

  /** Width in pixels of the charts whose titles carry the configuration. */
  private static final int WIDE_CHART = 1200;

  /** Font of the titles that carry the configuration; smaller than XChart's default to fit. */
  private static final java.awt.Font TITLE_FONT =
      new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13);

  private ReportWriter() {}

  /** Returns the file name of the layer x head heat map of the mean relative error at P. */
  static String errorHeatMap(int terms) {
    return "heatmap-mean-rel-error-P" + terms + ".png";
  }

  /**
   * Writes the report and the plots.
   *
   * @param points per-sequence rows {@code (taylor_terms, logit_max_abs, mean_rel_error)}
   */
  static void write(JobOutput output, EvaluateSummary summary, List<Row> points) {
    StringBuilder md = new StringBuilder();
    header(md, summary);
    termTable(md, summary);

    // error against P
    output.writeBytes(ERROR_VS_TERMS, errorVsTerms(summary));
    md.append("![Relative error against P](").append(ERROR_VS_TERMS).append(")\n\n");
    md.append(exclusionNote(summary)).append("\n\n");

    // error against the logit range
    md.append("## Error against the logit range\n\n")
        .append("One point per sequence key: its largest |q.k/c| and its mean relative error, ")
        .append("one series per P. ")
        .append(configurationLine(summary))
        .append("\n\n");
    String title = "Mean relative error per sequence, " + configurationTitle(summary);
    String xLabel = "max |q.k/c| of the sequence; " + logitRangeText(summary);
    output.writeBytes(ERROR_VS_LOGITS, errorVsLogits(summary, points, title, xLabel));
    md.append("![")
        .append(title)
        .append("; x axis: ")
        .append(xLabel)
        .append("](")
        .append(ERROR_VS_LOGITS)
        .append(")\n\n");

    // per layer and head
    layerHeadSection(md, output, summary);
    notes(md, summary);
    output.writeString("report.md", md.toString());
  }

  private static void header(StringBuilder md, EvaluateSummary summary) {
    Map<String, Object> counts = summary.counts();
    Map<String, Object> logits = summary.logitRange();
    md.append("# Taylor attention (SATA) against exact softmax\n\n");
    md.append("Command: `").append(summary.commandLine()).append("`\n\n");
    md.append("| setting | value |\n| --- | --- |\n");
    for (Map.Entry<String, Object> entry : summary.configuration().entrySet()) {
      if (entry.getKey().equals("command")) {
        continue;
      }
      md.append("| ").append(entry.getKey()).append(" | ").append(cell(entry.getValue()));
      md.append(" |\n");
    }
    for (Map.Entry<String, Object> entry : counts.entrySet()) {
      md.append("| ").append(entry.getKey()).append(" | ").append(entry.getValue()).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "| wall time | %.1f s |%n%n", summary.wallSeconds));
    md.append(
        String.format(
            Locale.ROOT,
            "**Logit range** s = q.k/c: min %s, max %s, max |s| %s (%s).%s%n%n",
            number((Double) logits.get("min")),
            number((Double) logits.get("max")),
            number((Double) logits.get("max_abs")),
            EvaluateSummary.LOGIT_RANGE_SOURCE,
            spreadSentence(summary.spread)));
  }

  /**
   * Returns the sentences that name the sequence key of the max |s| and the median over sequence
   * keys of their own max |s|, or "" when no sequence has a logit range.
   */
  private static String spreadSentence(LogitSpread spread) {
    if (spread.maxKey() == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        " The max |s| comes from sequence %s. The median over the %d sequence keys of their"
            + " own max |s| is %s.",
        spread.maxKey(),
        spread.sequences(),
        number(spread.median()));
  }

  /**
   * Returns the sentence under the error-against-P figure: which queries each P leaves out, since
   * even P drop the queries with Z <= 0 and so compare a different population.
   */
  private static String exclusionNote(EvaluateSummary summary) {
    int[] terms = summary.config.terms();
    List<String> parts = new ArrayList<>();
    for (int r = 0; r < terms.length; r++) {
      long excluded = summary.total.nonPositive(r);
      if (excluded > 0) {
        parts.add(
            String.format(
                Locale.ROOT,
                "P=%d: %d of %d (%.3g%%)",
                terms[r],
                excluded,
                summary.total.queries(),
                100.0 * excluded / Math.max(1, summary.total.queries())));
      }
    }
    if (parts.isEmpty()) {
      return "No query had Z <= 0 at any P, so every point of the figure covers the same queries.";
    }
    return "Each P leaves out its queries with Z <= 0 (possible for even P, whose top degree is"
        + " odd), so the points of the figure do not cover the same queries. Queries left out: "
        + String.join(", ", parts)
        + ".";
  }

  private static void termTable(StringBuilder md, EvaluateSummary summary) {
    double maxAbs = summary.total.logits().maxAbs();
    md.append("## Error per number of Taylor terms P\n\n")
        .append(configurationLine(summary))
        .append(" Logit range of these queries: max |s| = ")
        .append(number(maxAbs))
        .append(".")
        .append(spreadSentence(summary.spread))
        .append("\n\n");
    md.append(
        "| P | route | mean rel | p50 rel | p90 rel | p99 rel | max rel | mean abs | mean cos"
            + " | min cos | Z <= 0 | state numbers | state MB | flops/query | crossover n"
            + " | bound at max abs s |\n");
    md.append("|" + " --- |".repeat(16) + "\n");
    for (EvaluateSummary.TermFigures f : summary.termFigures()) {
      ErrorStats e = f.errors();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s | %d | %s |%n",
              f.terms(),
              summary.routesUsed(),
              number(e.meanRelative()),
              number(e.percentileRelative(0.5)),
              number(e.percentileRelative(0.9)),
              number(e.percentileRelative(0.99)),
              number(e.maxRelative()),
              number(e.meanAbsolute()),
              number(e.meanCosine()),
              number(e.minCosine()),
              f.nonPositive(),
              f.stateNumbers(),
              number(f.stateBytes().doubleValue() / 1e6),
              number(f.flopsPerQuery()),
              f.crossoverLength(),
              number(f.weightBound())));
    }
    md.append('\n')
        .append("Errors are over ")
        .append(summary.total.exactQueries())
        .append(" exact-evaluated queries; ")
        .append(EvaluateSummary.DENOMINATOR_RULE)
        .append(". \"bound at max abs s\" is exp(S) S^P / P! at S = max |s|, an a-priori bound")
        .append(" on |exp(s) - T_P(s)| for every logit in the range.\n\n");
  }

  private static void layerHeadSection(
      StringBuilder md, JobOutput output, EvaluateSummary summary) {
    Map<EvaluateSummary.LayerHead, SequenceMetrics> cells = summary.perLayerHead;
    int[] terms = summary.config.terms();
    md.append("## Per layer and head\n\n")
        .append(configurationLine(summary))
        .append(" Mean relative error per P, next to the logit range of each layer and head;")
        .append(" NaN where no query of the layer and head had Z > 0 at that P.\n\n");

    // table
    md.append("| layer | head | logit min | logit max | max abs s |");
    for (int p : terms) {
      md.append(" P=").append(p).append(" |");
    }
    md.append("\n|").append(" --- |".repeat(5 + terms.length)).append('\n');
    for (Map.Entry<EvaluateSummary.LayerHead, SequenceMetrics> cell : cells.entrySet()) {
      SequenceMetrics m = cell.getValue();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %s | %s | %s |",
              cell.getKey().layer(),
              cell.getKey().head(),
              number(m.logits().min()),
              number(m.logits().max()),
              number(m.logits().maxAbs())));
      for (int r = 0; r < terms.length; r++) {
        md.append(' ').append(number(m.errors(r).meanRelative())).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');

    // heat maps when there is more than one cell
    if (cells.size() > 1) {
      heatMaps(md, output, summary);
    }
  }

  private static void heatMaps(StringBuilder md, JobOutput output, EvaluateSummary summary) {
    Map<EvaluateSummary.LayerHead, SequenceMetrics> cells = summary.perLayerHead;
    TreeSet<Integer> layers = new TreeSet<>();
    TreeSet<Integer> heads = new TreeSet<>();
    cells
        .keySet()
        .forEach(
            key -> {
              layers.add(key.layer());
              heads.add(key.head());
            });
    List<Integer> layerList = new ArrayList<>(layers);
    List<Integer> headList = new ArrayList<>(heads);
    List<String> layerLabels = layerList.stream().map(String::valueOf).toList();
    List<String> headLabels = headList.stream().map(String::valueOf).toList();

    // max |logit|
    double[][] logitCells = grid(cells, layerList, headList, m -> round(m.logits().maxAbs(), 1));
    output.writeBytes(
        MAX_LOGIT_HEAT_MAP,
        Charts.heatMap(
            "max |q.k/c| per layer and head",
            "head",
            "layer",
            headLabels,
            layerLabels,
            logitCells,
            true));
    md.append("![max |logit| per layer and head](").append(MAX_LOGIT_HEAT_MAP).append(")\n\n");

    // log10 of the mean relative error at each P: the errors span several decades
    int[] terms = summary.config.terms();
    for (int r = 0; r < terms.length; r++) {
      int index = r;
      double[][] errorCells =
          grid(
              cells,
              layerList,
              headList,
              m -> round(Math.log10(m.errors(index).meanRelative()), 2));
      String file = errorHeatMap(terms[r]);
      String title =
          "log10 of mean relative error, P = " + terms[r] + ", " + configurationTitle(summary);
      String xLabel = "head; " + logitRangeText(summary) + exclusionText(summary, r);
      output.writeBytes(
          file,
          Charts.heatMap(
              title, xLabel, "layer", headLabels, layerLabels, errorCells, true, WIDE_CHART));
      md.append("![")
          .append(title)
          .append("; x axis: ")
          .append(xLabel)
          .append("](")
          .append(file)
          .append(")\n\n");
    }
    md.append(
        "Heat maps of the error show log10 of the mean relative error; an empty cell has no"
            + " query with Z > 0 at that P.\n\n");
  }

  private static double[][] grid(
      Map<EvaluateSummary.LayerHead, SequenceMetrics> cells,
      List<Integer> layers,
      List<Integer> heads,
      java.util.function.ToDoubleFunction<SequenceMetrics> value) {
    double[][] values = new double[layers.size()][heads.size()];
    for (int row = 0; row < layers.size(); row++) {
      for (int column = 0; column < heads.size(); column++) {
        SequenceMetrics m =
            cells.get(new EvaluateSummary.LayerHead(layers.get(row), heads.get(column)));
        values[row][column] = m == null ? Double.NaN : value.applyAsDouble(m);
      }
    }
    return values;
  }

  /**
   * Draws mean, median and p99 relative error against P. The title carries the configuration and
   * the max |s|, and the x axis title the logit range and the share of queries each P leaves out (Z
   * <= 0). The chart is wider than the shared line plots so that these titles fit.
   */
  private static byte[] errorVsTerms(EvaluateSummary summary) {
    List<String> exclusions = summary.exclusions();
    String xLabel =
        "P (Taylor terms); "
            + logitRangeText(summary)
            + (exclusions.isEmpty()
                ? "; no query has Z <= 0"
                : "; queries with Z <= 0 left out: " + String.join(", ", exclusions));
    String title =
        String.format(
            Locale.ROOT,
            "%s, max |s| = %s (median per sequence %s)",
            configurationTitle(summary),
            number(summary.total.logits().maxAbs()),
            number(summary.spread.median()));
    XYChart chart =
        new XYChartBuilder()
            .width(WIDE_CHART)
            .height(600)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle("relative error")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    // label 2, 3, ... 9 times each power of ten too: errors often span less than one decade
    chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
    chart.getStyler().setChartTitleFont(TITLE_FONT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);

    // one line per statistic; a log axis cannot draw zero, negative or NaN values
    Map<String, java.util.function.ToDoubleFunction<ErrorStats>> statistics = new LinkedHashMap<>();
    statistics.put("mean relative error", ErrorStats::meanRelative);
    statistics.put("median (p50) relative error", e -> e.percentileRelative(0.5));
    statistics.put("p99 relative error", e -> e.percentileRelative(0.99));
    boolean any = false;
    for (Map.Entry<String, java.util.function.ToDoubleFunction<ErrorStats>> statistic :
        statistics.entrySet()) {
      List<double[]> xy = new ArrayList<>();
      for (EvaluateSummary.TermFigures f : summary.termFigures()) {
        double y = statistic.getValue().applyAsDouble(f.errors());
        if (Double.isFinite(y) && y > 0) {
          xy.add(new double[] {f.terms(), y});
        }
      }
      if (!xy.isEmpty()) {
        chart
            .addSeries(
                statistic.getKey(),
                xy.stream().mapToDouble(v -> v[0]).toArray(),
                xy.stream().mapToDouble(v -> v[1]).toArray())
            .setMarker(SeriesMarkers.CIRCLE);
        any = true;
      }
    }
    if (!any) {
      chart.setTitle(title + " (no drawable points)");
      chart.addSeries("none", new double[] {1}, new double[] {1});
    }
    return Charts.png(chart);
  }

  /**
   * Draws one point per sequence key: its max |q.k/c| against its mean relative error, one series
   * per P. As for the error against P, the chart is wide enough for the configuration title.
   */
  private static byte[] errorVsLogits(
      EvaluateSummary summary, List<Row> points, String title, String xLabel) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDE_CHART)
            .height(600)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle("mean relative error")
            .build();
    chart.getStyler().setChartTitleFont(TITLE_FONT);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    chart.getStyler().setYAxisLogarithmic(true);
    // label 2, 3, ... 9 times each power of ten too: errors often span less than one decade
    chart.getStyler().setYAxisLogarithmicDecadeOnly(false);

    // one series per P, positive finite points only (log axis)
    Map<Integer, List<double[]>> byTerms = new LinkedHashMap<>();
    for (int p : summary.config.terms()) {
      byTerms.put(p, new ArrayList<>());
    }
    for (Row row : points) {
      double x = row.getDouble(1);
      double y = row.getDouble(2);
      if (Double.isFinite(x) && Double.isFinite(y) && y > 0) {
        byTerms.get(row.getInt(0)).add(new double[] {x, y});
      }
    }
    boolean any = false;
    for (Map.Entry<Integer, List<double[]>> entry : byTerms.entrySet()) {
      List<double[]> xy = entry.getValue();
      if (!xy.isEmpty()) {
        chart.addSeries(
            "P = " + entry.getKey(),
            xy.stream().mapToDouble(v -> v[0]).toArray(),
            xy.stream().mapToDouble(v -> v[1]).toArray());
        any = true;
      }
    }
    if (!any) {
      chart.setTitle(chart.getTitle() + " (no drawable points)");
      chart.addSeries("none", new double[] {1}, new double[] {1});
    }
    return Charts.png(chart);
  }

  private static void notes(StringBuilder md, EvaluateSummary summary) {
    md.append("## Notes\n\n")
        .append("- Routes of the evaluated sequences: ")
        .append(cell(summary.routeCounts()))
        .append(". The pairwise route computes T_P(q.k/c) for every")
        .append(" (query, key) pair; the state route builds H = sum phi(k) v^T and")
        .append(" z = sum phi(k) at the largest P and reads every smaller P as a prefix of the")
        .append(" features. Both compute the same approximation; precision and weights apply")
        .append(" to the state route only.\n")
        .append("- The logit range is the ")
        .append(EvaluateSummary.LOGIT_RANGE_SOURCE)
        .append(".\n")
        .append("- T_P(s) with even P (odd top degree) is negative for strongly negative s, so")
        .append(" a denominator can be zero or negative: ")
        .append(EvaluateSummary.DENOMINATOR_RULE)
        .append(".\n")
        .append("- Relative error is ||y_sata - y_exact|| / ||y_exact|| per query (2-norm over")
        .append(" the dv outputs); percentiles come from log-spaced histograms (within about")
        .append(" 2.4% of the exact nearest-rank value).\n");
  }

  /** Formats a table cell; a map such as the route counts becomes "pairwise 3, state 0". */
  private static String cell(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<String> parts = new ArrayList<>();
      map.forEach((key, count) -> parts.add(key + " " + count));
      return String.join(", ", parts);
    }
    return String.valueOf(value);
  }

  /** Returns the configuration in one sentence, placed above every error figure. */
  static String configurationLine(EvaluateSummary summary) {
    return "Configuration: " + configurationTitle(summary) + ".";
  }

  /** Returns the configuration; precision and weights only when the state route ran. */
  private static String configurationTitle(EvaluateSummary summary) {
    EvaluationConfig c = summary.config;
    String state =
        summary.stateRouteUsed()
            ? String.format(
                Locale.ROOT,
                ", %s state, %s weights",
                c.precision().name().toLowerCase(Locale.ROOT),
                summary.weightsName())
            : "";
    return String.format(
        Locale.ROOT,
        "%s, route %s, c = %s, chunk %d%s, d = %d, dv = %d",
        summary.options.causal() ? "causal" : "non-causal",
        summary.routesUsed(),
        number(c.scale()),
        c.chunkSize(),
        state,
        c.d(),
        c.dv());
  }

  /**
   * Rounds to {@code digits} decimals so heat-map labels stay short; a non-finite value becomes
   * NaN, an empty cell.
   */
  private static double round(double value, int digits) {
    double factor = Math.pow(10, digits);
    return Double.isFinite(value) ? Math.round(value * factor) / factor : Double.NaN;
  }

  /** Returns the logit range of the data, e.g. "logit range q.k/c: -55.8 to 72.1". */
  private static String logitRangeText(EvaluateSummary summary) {
    Map<String, Object> logits = summary.logitRange();
    return "logit range q.k/c: "
        + number((Double) logits.get("min"))
        + " to "
        + number((Double) logits.get("max"));
  }

  /**
   * Returns, for an even P (odd top degree, so Z can be <= 0), the share of queries that the P at
   * index {@code r} leaves out; "" for an odd P, whose Z is always positive.
   */
  private static String exclusionText(EvaluateSummary summary, int r) {
    if (summary.config.terms()[r] % 2 != 0) {
      return "";
    }
    long queries = summary.total.queries();
    long excluded = summary.total.nonPositive(r);
    return String.format(
        Locale.ROOT,
        "; queries left out for Z <= 0: %d of %d (%.3g%%)",
        excluded,
        queries,
        100.0 * excluded / Math.max(1, queries));
  }

  /** Formats a number with 4 significant digits, or NaN / inf. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
