package dev.sata.jobs.niah;

import dev.sata.jobs.cost.CostTable;
import dev.sata.kernel.CostModel;
import dev.sata.kernel.TaylorSeries;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes {@code report.md}: configuration, definitions, tables, figures and a reading. */
final class NiahMarkdown {

  private NiahMarkdown() {}

  /** Returns the Markdown text of the report. */
  static String report(
      NiahOptions options, NiahResult result, List<String> figures, Map<String, Object> machine) {
    StringBuilder md = new StringBuilder();
    md.append("# Needle in a haystack: exact softmax against the Taylor state\n\n");
    md.append("Command: `niah ").append(commandLine(options)).append("`\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Job time %.1f s after Spark started, on %s, %s processors, Spark master %s: the sweep"
                + " (haystack passes, cell scoring and capacity searches) took %.1f s, writing the"
                + " cells, the capacity table and the figures %.1f s. Writing `summary.json` and"
                + " this report comes after and is not included.%n%n",
            result.jobSeconds(),
            machine.get("cpuModel"),
            machine.get("availableProcessors"),
            machine.get("sparkMaster"),
            result.sweepSeconds(),
            result.jobSeconds() - result.sweepSeconds()));
    definitions(md, options);
    budget(md, options, result);
    capacity(md, options, result);
    accuracy(md, options, result);
    depth(md, result);
    reading(md, options, result);
    if (!result.skipped().isEmpty()) {
      md.append("## Left out\n\n");
      result.skipped().forEach(line -> md.append("- ").append(line).append('\n'));
      md.append('\n');
    }
    md.append("## Files\n\n");
    md.append("- `summary.json`: configuration, machine, timing, counts, accuracy and capacity\n");
    md.append("- `cells/cells.csv`, `cells/cells.parquet`: one row per cell\n");
    md.append("- `capacity.csv`: one row per capacity search\n");
    figures.forEach(file -> md.append("- `").append(file).append("`\n"));
    return md.toString();
  }

  private static void definitions(StringBuilder md, NiahOptions options) {
    md.append("## What is measured\n\n");
    md.append(
        "Each haystack token has a key `c u` (`u` a random unit vector of R^d, `c = sqrt(d)`)"
            + " and a value from a codebook of `2 dv` codes (`+-b_i` of a random orthonormal"
            + " basis). A needle replaces one haystack token; the query is `L u_needle`, so the"
            + " needle logit `q.k / c` is exactly the logit scale `L` and a haystack logit is `L"
            + " cos(u_needle, u_t)`. The output is decoded to the code of largest cosine;"
            + " accuracy is the fraction of retrievals that decode to the needle's code (for"
            + " multi-value: the `m` best codes are exactly the needle's `m` codes). Chance is"
            + " `1 / (2 dv)`; each depth of a cell has one retrieval per trial and query, so"
            + " accuracies move in steps of `1 / (trials x queries per trial)`. Taylor"
            + " attention replaces `exp(s)` by `T_P(s) = sum_{p<P} s^p / p!`, folded into a state"
            + " of `D (dv + 1)` numbers, `D = binom(d+P-1, P-1)`.\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Tasks: single needle; multi-key (the needle and %d distractors at cosine %.2f, so"
                + " their logits are %.2f L); multi-value (one key, %d values, all must come"
                + " back); multi-query (%d needles, each queried); real-text (Europarl sentences"
                + " embedded by MiniLM and projected to d dimensions by a fixed Gaussian random"
                + " projection, a sentence needle and a question as the query).%n%n",
            options.needles() - 1,
            options.distractorCosine(),
            options.distractorCosine(),
            options.needles(),
            options.needles()));
    md.append(
        "Placement: the needle sits at `Math.round(depth (n - 1))` (a `.5` rounds up), further"
            + " inserted tokens every `floor(n / m)` tokens after it, wrapping to the start."
            + " Neither exact softmax nor the Taylor state sees token order (no positional"
            + " encoding), so depth changes a result only through which haystack token the"
            + " needle replaces: the heat maps are expected to be flat across depth.\n\n");
  }

  private static void budget(StringBuilder md, NiahOptions options, NiahResult result) {
    md.append("## State size and cost\n\n");
    md.append("| d | P | D | state floats | n where the KV cache n (d + dv) equals the state |\n");
    md.append("|---|---|---|---|---|\n");
    for (int d : NiahReport.runHeadSizes(options)) {
      for (int terms : options.taylorTerms()) {
        BigInteger state = CostModel.exactStateSize(d, options.dv(), terms);
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %d | %s | %s | %s |%n",
                d,
                terms,
                CostTable.formatCount(CostModel.exactFeatureCount(d, terms)),
                CostTable.formatCount(state),
                CostTable.formatCount(state.divide(BigInteger.valueOf((long) d + options.dv())))));
      }
    }
    md.append("\n| pass | d | P | tokens | build flops | exact flops | queries | seconds |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (PassSummary pass : result.passes()) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %.3g | %.3g | %d | %.1f |%n",
              pass.name(),
              pass.d(),
              pass.terms(),
              pass.tokens(),
              pass.buildFlops(),
              pass.exactFlops(),
              pass.queries(),
              pass.seconds()));
    }
    md.append(
        "\nOne pass per key size builds the states of every length at once (prefix sums of"
            + " bucket states), for the largest P only (smaller P are prefixes of the feature"
            + " map), for every logit scale at once (the scale multiplies the query, not the"
            + " keys), and the exact softmax partials of all queries; needles are placed"
            + " afterwards by rank-1 corrections.\n\n");
  }

  private static void capacity(StringBuilder md, NiahOptions options, NiahResult result) {
    md.append("## Capacity\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Largest context length with accuracy >= %.2f (mean over depths), found by doubling"
                + " from %d tokens and then bisecting on a grid of 8 steps per doubling;"
                + " `< %d`: fails already at the shortest length, `>= n`: still passes at the"
                + " longest length searched.%n%n",
            options.capacityThreshold(),
            options.capacityMinLength(),
            options.capacityMinLength()));
    List<String> methods = methodLabels(options);
    md.append("| task | d | L | ").append(String.join(" | ", methods)).append(" |\n");
    md.append("|---|---|---|").append("---|".repeat(methods.size())).append('\n');
    Map<String, List<CapacityRow>> groups =
        result.capacity().stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.task() + "|" + r.d() + "|" + NiahCharts.formatScale(r.logitScale()),
                    LinkedHashMap::new,
                    Collectors.toList()));
    for (Map.Entry<String, List<CapacityRow>> entry : groups.entrySet()) {
      md.append("| ").append(entry.getKey().replace("|", " | ")).append(" |");
      for (String method : methods) {
        Optional<CapacityRow> row =
            entry.getValue().stream().filter(r -> r.methodLabel().equals(method)).findFirst();
        md.append(' ').append(row.map(NiahMarkdown::formatCapacity).orElse("")).append(" |");
      }
      md.append('\n');
    }
    md.append("\n![capacity against state size](capacity.png)\n\n");
  }

  private static void accuracy(StringBuilder md, NiahOptions options, NiahResult result) {
    md.append("## Accuracy by context length\n\n");
    double scale = NiahReport.referenceScale(options);
    md.append(
        String.format(
            Locale.ROOT,
            "Mean accuracy over depths and trials at L = %s; `accuracy/` has every logit scale."
                + "%n%n",
            NiahCharts.formatScale(scale)));
    List<String> methods = methodLabels(options);
    for (NiahTask task : options.tasks()) {
      for (int d : NiahReport.sizesOf(result.cells(), task.cliName())) {
        md.append("### ").append(task.cliName()).append(", d = ").append(d).append("\n\n");
        md.append("| length | ").append(String.join(" | ", methods)).append(" |\n");
        md.append("|---|").append("---|".repeat(methods.size())).append('\n');
        TreeMap<Long, Map<String, double[]>> table = new TreeMap<>();
        for (NiahCell c : result.cells()) {
          if (c.task().equals(task.cliName()) && c.d() == d && c.logitScale() == scale) {
            double[] sum =
                table
                    .computeIfAbsent(c.length(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(c.methodLabel(), m -> new double[2]);
            sum[0] += c.accuracy();
            sum[1]++;
          }
        }
        table.forEach(
            (length, row) -> {
              md.append("| ").append(NiahOptions.formatLength(length)).append(" |");
              for (String method : methods) {
                double[] sum = row.get(method);
                md.append(String.format(Locale.ROOT, " %.2f |", sum[0] / sum[1]));
              }
              md.append('\n');
            });
        String stem = NiahCharts.stem(task.cliName(), d, scale);
        md.append("\n![accuracy](accuracy/").append(stem).append(".png)\n\n");
      }
    }
  }

  private static void depth(StringBuilder md, NiahResult result) {
    Map<String, Object> spread = depthSpread(result.cells());
    md.append("## Depth\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Across %s (task, method, d, L, length) groups, accuracy differs between depths by"
                + " %.3f on average and by at most %.3f (%s). The heat maps in `heatmaps/` show"
                + " the largest d at the middle logit scale.%n%n",
            spread.get("groups"),
            (double) spread.get("meanSpread"),
            (double) spread.get("maxSpread"),
            spread.get("maxSpreadAt")));
  }

  /**
   * Returns how much accuracy varies across depths: per (task, method, d, L, length) group the
   * difference between the largest and smallest accuracy over depths, then the mean and maximum.
   */
  static Map<String, Object> depthSpread(List<NiahCell> cells) {
    // smallest and largest accuracy over depths, per group
    Map<String, double[]> groups = new LinkedHashMap<>();
    for (NiahCell c : cells) {
      String key =
          c.task()
              + " "
              + c.methodLabel()
              + " d="
              + c.d()
              + " L="
              + NiahCharts.formatScale(c.logitScale())
              + " n="
              + c.length();
      double[] range =
          groups.computeIfAbsent(
              key, k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      range[0] = Math.min(range[0], c.accuracy());
      range[1] = Math.max(range[1], c.accuracy());
    }

    // mean and largest spread
    double sum = 0;
    double max = 0;
    String at = "none";
    for (Map.Entry<String, double[]> entry : groups.entrySet()) {
      double spread = entry.getValue()[1] - entry.getValue()[0];
      sum += spread;
      if (spread > max) {
        max = spread;
        at = entry.getKey();
      }
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("groups", groups.size());
    result.put("meanSpread", groups.isEmpty() ? 0.0 : sum / groups.size());
    result.put("maxSpread", max);
    result.put("maxSpreadAt", at);
    return result;
  }

  private static void reading(StringBuilder md, NiahOptions options, NiahResult result) {
    md.append("## Reading\n\n");
    for (NiahTask task : options.tasks()) {
      for (int d : NiahReport.sizesOf(result.cells(), task.cliName())) {
        for (double scale : options.logitScales()) {
          md.append("- ").append(readingLine(result, task.cliName(), d, scale)).append('\n');
        }
      }
    }
    stateAgainstCache(md, result);
    long nonPositive = result.cells().stream().mapToLong(NiahCell::nonPositiveDenominators).sum();
    md.append(
        String.format(
            Locale.ROOT,
            "%nTaylor denominators that were zero or negative (possible for even P, whose top"
                + " degree is odd): %d retrievals in all cells.%n%n",
            nonPositive));
    series(md, options);
    md.append(
        "Why retrieval breaks. Exact softmax fails once haystack keys crowd the needle: among n"
            + " random unit keys in R^d some come close to the query direction, and their logits"
            + " approach L. The Taylor state adds two limits. `T_P` grows only polynomially, so the"
            + " needle's weight over a haystack logit falls from `e^(L - s)` to `T_P(L) / T_P(s)`,"
            + " and the many keys with logits near 0 (each `T_P(0) = 1`) outweigh the needle as n"
            + " grows. And `T_P(s)` does not vanish for negative `s`: a key pointing away from the"
            + " query gets the weight in the last column above (negative for even P), where exact"
            + " softmax gives it almost nothing. The state has the same size at every n, which"
            + " is the point of the method, but it stores a fixed polynomial of degree P-1 in the"
            + " keys: it cannot sharpen attention beyond what that polynomial allows.\n\n");
  }

  /** Appends how the Taylor state compares with a KV cache of the length it still retrieves. */
  private static void stateAgainstCache(StringBuilder md, NiahResult result) {
    List<CapacityRow> passing =
        result.capacity().stream()
            .filter(r -> r.terms() > 0 && !r.status().equals("below-min"))
            .toList();
    if (passing.isEmpty()) {
      return;
    }
    long larger = passing.stream().filter(r -> r.stateFloats() > r.kvCacheFloats()).count();
    double smallest =
        passing.stream()
            .mapToDouble(r -> (double) r.stateFloats() / r.kvCacheFloats())
            .min()
            .orElse(Double.NaN);
    double largest =
        passing.stream()
            .mapToDouble(r -> (double) r.stateFloats() / r.kvCacheFloats())
            .max()
            .orElse(Double.NaN);
    md.append(
        String.format(
            Locale.ROOT,
            "%nIn %d of the %d Taylor searches that pass at the shortest length, the state"
                + " stores more numbers than a KV cache of the capacity length (state / cache"
                + " from %.2g to %.2g).%n",
            larger,
            passing.size(),
            smallest,
            largest));
  }

  /**
   * Appends the truncated series at the needle logit {@code L} and at {@code -L}, the logit of a
   * key pointing away from the query: {@code e^(-L)} is negligible, {@code T_P(-L)} is not.
   */
  private static void series(StringBuilder md, NiahOptions options) {
    int terms = options.maxTerms();
    md.append(
        String.format(
            Locale.ROOT,
            "| L | e^L | T_%d(L) | T_%d(-L) | weight of a key at -L relative to the needle,"
                + " exact | same, Taylor P = %d |%n",
            terms,
            terms,
            terms));
    md.append("|---|---|---|---|---|---|\n");
    for (double scale : options.logitScales()) {
      double positive = TaylorSeries.truncatedExp(scale, terms);
      double negative = TaylorSeries.truncatedExp(-scale, terms);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4g | %.4g | %.4g | %.2g | %.2g |%n",
              NiahCharts.formatScale(scale),
              Math.exp(scale),
              positive,
              negative,
              Math.exp(-2 * scale),
              negative / positive));
    }
    md.append('\n');
  }

  private static String readingLine(NiahResult result, String task, int d, double scale) {
    List<CapacityRow> rows =
        result.capacity().stream()
            .filter(r -> r.task().equals(task) && r.d() == d && r.logitScale() == scale)
            .toList();
    Optional<CapacityRow> exact = rows.stream().filter(r -> r.terms() == 0).findFirst();
    Optional<CapacityRow> best =
        rows.stream()
            .filter(r -> r.terms() > 0)
            .max(
                (a, b) ->
                    a.capacity() != b.capacity()
                        ? Long.compare(a.capacity(), b.capacity())
                        : Integer.compare(b.terms(), a.terms()));
    String line =
        String.format(
            Locale.ROOT,
            "%s, d = %d, L = %s: exact softmax %s",
            task,
            d,
            NiahCharts.formatScale(scale),
            exact.map(NiahMarkdown::describeCapacity).orElse("was not searched"));
    if (best.isPresent()) {
      CapacityRow row = best.get();
      line +=
          row.status().equals("below-min")
              ? "; no Taylor P reaches the threshold even at the shortest length."
              : String.format(
                  Locale.ROOT,
                  "; the best Taylor state, P = %d (%d floats), %s, where a KV cache stores %d"
                      + " floats.",
                  row.terms(),
                  row.stateFloats(),
                  describeCapacity(row),
                  row.kvCacheFloats());
    }
    return line;
  }

  /** Describes a capacity in words: up to which length the threshold holds. */
  static String describeCapacity(CapacityRow row) {
    return switch (row.status()) {
      case "below-min" -> "fails already at " + NiahOptions.formatLength(row.firstFailure());
      case "at-least-max" ->
          "still passes at " + NiahOptions.formatLength(row.capacity()) + ", the longest length";
      default -> "passes up to " + NiahOptions.formatLength(row.capacity());
    };
  }

  /** Formats a capacity: the length, {@code < min} or {@code >= max}. */
  static String formatCapacity(CapacityRow row) {
    return switch (row.status()) {
      case "below-min" -> "< " + NiahOptions.formatLength(row.firstFailure());
      case "at-least-max" -> ">= " + NiahOptions.formatLength(row.capacity());
      default -> NiahOptions.formatLength(row.capacity());
    };
  }

  private static List<String> methodLabels(NiahOptions options) {
    List<String> methods = new ArrayList<>();
    methods.add("exact");
    for (int terms : options.taylorTerms()) {
      methods.add("P=" + terms);
    }
    return methods;
  }

  /** Returns the options as command-line arguments. */
  static String commandLine(NiahOptions options) {
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, Object> entry : NiahReport.configuration(options).entrySet()) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append("--").append(entry.getKey()).append(' ').append(optionText(entry.getValue()));
    }
    return line.toString();
  }

  /** Formats an option value as the command line accepts it: lists comma-separated. */
  private static String optionText(Object value) {
    if (value instanceof long[] lengths) {
      return Arrays.stream(lengths)
          .mapToObj(NiahOptions::formatLength)
          .collect(Collectors.joining(","));
    }
    if (value instanceof double[] numbers) {
      return Arrays.stream(numbers)
          .mapToObj(NiahCharts::formatScale)
          .collect(Collectors.joining(","));
    }
    if (value instanceof int[] numbers) {
      return Arrays.stream(numbers).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Object::toString).collect(Collectors.joining(","));
    }
    return String.valueOf(value);
  }
}
