package dev.sata.jobs.niah;

import dev.sata.jobs.common.TermList;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Settings of one {@code niah} run, checked when built. Every check names the command-line option,
 * the value and what is expected. Lengths are token counts; the suffixes K, M, G and T multiply by
 * {@code 2^10}, {@code 2^20}, {@code 2^30} and {@code 2^40}.
 */
public final class NiahOptions {

  /** Largest accepted haystack length: {@code 2^40} tokens. */
  public static final long MAX_LENGTH = 1L << 40;

  /** Largest accepted number of Taylor terms. */
  public static final int MAX_TERMS = 20;

  private final List<NiahTask> tasks;
  private final long[] lengths;
  private final double[] depths;
  private final int[] taylorTerms;
  private final int[] headSizes;
  private final int[] realTextHeadSizes;
  private final int dv;
  private final double[] logitScales;
  private final int trials;
  private final long seed;
  private final int chunkSize;
  private final double capacityThreshold;
  private final long capacityMinLength;
  private final long capacityMaxLength; // 0: the largest of lengths
  private final int partitions; // 0: four per default parallelism
  private final int needles;
  private final double distractorCosine;
  private final int realTextSentences;
  private final double maxHaystackFlops;
  private final String output;
  private final boolean overwrite;

  private NiahOptions(Builder b) {
    tasks = List.copyOf(new LinkedHashSet<>(b.tasks));
    lengths = Arrays.stream(b.lengths).sorted().distinct().toArray();
    depths = Arrays.stream(b.depths).sorted().distinct().toArray();
    taylorTerms = Arrays.stream(b.taylorTerms).sorted().distinct().toArray();
    headSizes = Arrays.stream(b.headSizes).sorted().distinct().toArray();
    realTextHeadSizes = Arrays.stream(b.realTextHeadSizes).sorted().distinct().toArray();
    dv = b.dv;
    logitScales = Arrays.stream(b.logitScales).sorted().distinct().toArray();
    trials = b.trials;
    seed = b.seed;
    chunkSize = b.chunkSize;
    capacityThreshold = b.capacityThreshold;
    capacityMinLength = b.capacityMinLength;
    capacityMaxLength = b.capacityMaxLength;
    partitions = b.partitions;
    needles = b.needles;
    distractorCosine = b.distractorCosine;
    realTextSentences = b.realTextSentences;
    maxHaystackFlops = b.maxHaystackFlops;
    output = b.output != null ? b.output : defaultOutput();
    overwrite = b.overwrite;
    check();
  }

  /** Returns a builder holding the defaults of the command line. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the tasks, in command-line order without repeats. */
  public List<NiahTask> tasks() {
    return tasks;
  }

  /** Returns the heat map lengths of the synthetic tasks, ascending. */
  public long[] lengths() {
    return lengths.clone();
  }

  /** Returns the needle depths, fractions in {@code [0, 1]}, ascending. */
  public double[] depths() {
    return depths.clone();
  }

  /** Returns the numbers of Taylor terms {@code P} to report, ascending. */
  public int[] taylorTerms() {
    return taylorTerms.clone();
  }

  /** Returns the largest number of Taylor terms, the one each state is built with. */
  public int maxTerms() {
    return taylorTerms[taylorTerms.length - 1];
  }

  /** Returns the key sizes {@code d} of the synthetic tasks, ascending. */
  public int[] headSizes() {
    return headSizes.clone();
  }

  /** Returns the key sizes {@code d} of the real-text task, ascending. */
  public int[] realTextHeadSizes() {
    return realTextHeadSizes.clone();
  }

  /** Returns every key size of the run (synthetic and real-text), ascending. */
  public int[] allHeadSizes() {
    return IntStream.concat(Arrays.stream(headSizes), Arrays.stream(realTextHeadSizes))
        .sorted()
        .distinct()
        .toArray();
  }

  /** Returns the value size {@code dv}. */
  public int dv() {
    return dv;
  }

  /** Returns the logit scales {@code L}, ascending. */
  public double[] logitScales() {
    return logitScales.clone();
  }

  /** Returns the number of trials (needles, each at every depth) per cell. */
  public int trials() {
    return trials;
  }

  /** Returns the seed of every random stream of the run. */
  public long seed() {
    return seed;
  }

  /** Returns the tokens per generated chunk. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Returns the accuracy a length must reach to count as retrieved in the capacity search. */
  public double capacityThreshold() {
    return capacityThreshold;
  }

  /** Returns the shortest length of the capacity search. */
  public long capacityMinLength() {
    return capacityMinLength;
  }

  /** Returns the longest length of the capacity search (the largest heat map length if unset). */
  public long capacityMaxLength() {
    return capacityMaxLength > 0 ? capacityMaxLength : lengths[lengths.length - 1];
  }

  /** Returns the requested partition count, or 0 for four per default parallelism. */
  public int partitions() {
    return partitions;
  }

  /** Returns the tokens inserted per trial by the multi-key, multi-value and multi-query tasks. */
  public int needles() {
    return needles;
  }

  /** Returns the cosine between each multi-key distractor direction and the needle's. */
  public double distractorCosine() {
    return distractorCosine;
  }

  /** Returns the largest real-text haystack, in sentences. */
  public int realTextSentences() {
    return realTextSentences;
  }

  /** Returns the budget of state-building flops per key size and haystack. */
  public double maxHaystackFlops() {
    return maxHaystackFlops;
  }

  /** Returns the output directory (any Hadoop file system path). */
  public String output() {
    return output;
  }

  /** Returns whether an existing output directory is replaced. */
  public boolean overwrite() {
    return overwrite;
  }

  /** Returns {@code out/niah-yyyyMMdd-HHmmss} for the current local time. */
  static String defaultOutput() {
    return "out/niah-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
  }

  /** Returns whether any synthetic task is requested. */
  public boolean hasSyntheticTask() {
    return tasks.stream().anyMatch(NiahTask::synthetic);
  }

  private void check() {
    if (tasks.isEmpty()) {
      throw invalid("--task", "(none)", "at least one task");
    }
    if (lengths.length == 0 || depths.length == 0 || taylorTerms.length == 0) {
      throw invalid("--lengths, --depths or --taylor-terms", "(empty)", "at least one value each");
    }
    if (headSizes.length == 0 || realTextHeadSizes.length == 0 || logitScales.length == 0) {
      throw invalid("--d, --real-text-d or --logit-scale", "(empty)", "at least one value each");
    }
    checkLengths();
    checkModel();
    checkTasks();
    checkRun();
  }

  private void checkLengths() {
    for (long length : lengths) {
      if (length < capacityMinLength || length > MAX_LENGTH) {
        throw invalid(
            "--lengths",
            length,
            "lengths from --capacity-min-length (" + capacityMinLength + ") to " + MAX_LENGTH);
      }
    }
    if (capacityMinLength < Math.max(needles, 1)) {
      throw invalid(
          "--capacity-min-length",
          capacityMinLength,
          "at least --needles (" + needles + "), so that every needle fits");
    }
    if (capacityMaxLength != 0
        && (capacityMaxLength < capacityMinLength || capacityMaxLength > MAX_LENGTH)) {
      throw invalid(
          "--capacity-max-length",
          capacityMaxLength,
          "a length from --capacity-min-length (" + capacityMinLength + ") to " + MAX_LENGTH);
    }
    for (double depth : depths) {
      if (!(depth >= 0 && depth <= 1)) {
        throw invalid("--depths", depth, "fractions in [0, 1] (or percentages 0% to 100%)");
      }
    }
  }

  private void checkModel() {
    for (int terms : taylorTerms) {
      if (terms < 1 || terms > MAX_TERMS) {
        throw invalid("--taylor-terms", terms, "numbers of terms from 1 to " + MAX_TERMS);
      }
    }
    for (int d : headSizes) {
      if (d < 1) {
        throw invalid("--d", d, "key sizes of at least 1");
      }
    }
    for (int d : realTextHeadSizes) {
      if (d < 1 || d > RealTextHaystack.EMBEDDING_SIZE) {
        throw invalid("--real-text-d", d, "key sizes from 1 to " + RealTextHaystack.EMBEDDING_SIZE);
      }
    }
    if (dv < 1) {
      throw invalid("--dv", dv, "a value size of at least 1");
    }
    for (double scale : logitScales) {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw invalid("--logit-scale", scale, "finite positive logit scales");
      }
    }
  }

  private void checkTasks() {
    boolean multi =
        tasks.contains(NiahTask.MULTI_KEY)
            || tasks.contains(NiahTask.MULTI_VALUE)
            || tasks.contains(NiahTask.MULTI_QUERY);
    if (needles < 1 || (multi && needles < 2)) {
      throw invalid("--needles", needles, "at least 2 when a multi-* task runs, else at least 1");
    }
    if (tasks.contains(NiahTask.MULTI_VALUE) && needles > dv) {
      throw invalid(
          "--needles", needles, "at most --dv (" + dv + ") for multi-value: one axis per value");
    }
    if (tasks.contains(NiahTask.MULTI_KEY) && headSizes[0] < 2) {
      throw invalid("--d", headSizes[0], "at least 2 for multi-key (distractors need a plane)");
    }
    if (!(distractorCosine > -1 && distractorCosine < 1)) {
      throw invalid("--distractor-cosine", distractorCosine, "a cosine strictly inside (-1, 1)");
    }
    if (realTextSentences < capacityMinLength) {
      throw invalid(
          "--real-text-sentences",
          realTextSentences,
          "at least --capacity-min-length (" + capacityMinLength + ")");
    }
  }

  private void checkRun() {
    if (trials < 1) {
      throw invalid("--trials", trials, "at least 1");
    }
    long chunkNumbers = (long) chunkSize * Math.max(headSizes[headSizes.length - 1], dv);
    if (chunkSize < 1 || chunkNumbers > Integer.MAX_VALUE - 8) {
      throw invalid(
          "--chunk-size", chunkSize, "at least 1, with chunk-size * max(d, dv) below 2^31");
    }
    if (!(capacityThreshold > 0 && capacityThreshold <= 1)) {
      throw invalid("--capacity-threshold", capacityThreshold, "an accuracy in (0, 1]");
    }
    if (partitions < 0) {
      throw invalid("--partitions", partitions, "0 (automatic) or more");
    }
    if (!(maxHaystackFlops > 0)) {
      throw invalid("--max-haystack-flops", maxHaystackFlops, "a positive flop count");
    }
  }

  private static IllegalArgumentException invalid(String option, Object value, String expected) {
    return new IllegalArgumentException(
        "Invalid value for option '" + option + "': " + value + "; expected " + expected);
  }

  /**
   * Parses a token count: an integer or a decimal number (e.g. {@code 1e9}), optionally followed by
   * K, M, G or T (binary multiples, case-insensitive). The result must be a whole number.
   *
   * @throws IllegalArgumentException naming {@code option} when the text is not such a count
   */
  public static long parseLength(String option, String text) {
    String trimmed = text.trim();
    long multiplier = 1;
    if (!trimmed.isEmpty()) {
      char suffix = Character.toUpperCase(trimmed.charAt(trimmed.length() - 1));
      int shift = "KMGT".indexOf(suffix);
      if (shift >= 0) {
        multiplier = 1L << (10 * (shift + 1));
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
    }
    try {
      BigDecimal value = new BigDecimal(trimmed).multiply(BigDecimal.valueOf(multiplier));
      return value.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(option, text, "a whole token count such as 4096, 16K, 16M or 1e9");
    }
  }

  /** Parses a comma-separated list of token counts (see {@link #parseLength}). */
  public static long[] parseLengths(String option, String text) {
    return Arrays.stream(splitList(option, text)).mapToLong(v -> parseLength(option, v)).toArray();
  }

  /**
   * Parses numbers of terms with the syntax every job shares ({@link TermList}): integers and
   * ranges {@code a..b}, comma-separated, each from 1 to {@link #MAX_TERMS}.
   */
  public static int[] parseTerms(String option, String text) {
    return TermList.parse(option, text, MAX_TERMS);
  }

  /** Parses a comma-separated list of integers. */
  public static int[] parseInts(String option, String text) {
    try {
      return Arrays.stream(splitList(option, text)).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw invalid(option, text, "a comma-separated list of integers");
    }
  }

  /** Parses a comma-separated list of numbers. */
  public static double[] parseDoubles(String option, String text) {
    try {
      return Arrays.stream(splitList(option, text)).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw invalid(option, text, "a comma-separated list of numbers");
    }
  }

  /** Parses depths: fractions such as {@code 0.5} or percentages such as {@code 50%}. */
  public static double[] parseDepths(String option, String text) {
    String[] parts = splitList(option, text);
    double[] depths = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      try {
        depths[i] =
            part.endsWith("%")
                ? Double.parseDouble(part.substring(0, part.length() - 1).trim()) / 100
                : Double.parseDouble(part);
      } catch (NumberFormatException e) {
        throw invalid(option, part, "a fraction such as 0.5 or a percentage such as 50%");
      }
    }
    return depths;
  }

  /** Parses a comma-separated list of task names. */
  public static List<NiahTask> parseTasks(String option, String text) {
    return Arrays.stream(splitList(option, text)).map(NiahTask::fromCliName).toList();
  }

  private static String[] splitList(String option, String text) {
    String[] parts = text.split(",");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
      if (parts[i].isEmpty()) {
        throw invalid(option, text, "a comma-separated list without empty entries");
      }
    }
    return parts;
  }

  /** Formats a token count with the largest exact binary suffix: 16384 as 16K. */
  public static String formatLength(long length) {
    String[] suffixes = {"T", "G", "M", "K"};
    for (int i = 0; i < suffixes.length; i++) {
      long unit = 1L << (10 * (suffixes.length - i));
      if (length >= unit && length % unit == 0) {
        return (length / unit) + suffixes[i];
      }
    }
    return Long.toString(length);
  }

  /** Formats a depth as a percentage, e.g. {@code 50%}. */
  public static String formatDepth(double depth) {
    double percent = depth * 100;
    return percent == Math.rint(percent)
        ? String.format(Locale.ROOT, "%d%%", (long) percent)
        : String.format(Locale.ROOT, "%.1f%%", percent);
  }

  /** Builder with the command-line defaults. */
  public static final class Builder {
    private List<NiahTask> tasks = Arrays.asList(NiahTask.values());
    private long[] lengths = defaultLengths();
    private double[] depths = defaultDepths();
    private int[] taylorTerms = {1, 2, 3, 4, 5, 6, 7, 8};
    private int[] headSizes = {4, 8};
    private int[] realTextHeadSizes = {8, 16};
    private int dv = 8;
    private double[] logitScales = {4, 8, 16};
    private int trials = 10;
    private long seed = 20240611L;
    private int chunkSize = 1 << 16;
    private double capacityThreshold = 0.9;
    private long capacityMinLength = 16;
    private long capacityMaxLength;
    private int partitions;
    private int needles = 4;
    private double distractorCosine = 0.9;
    private int realTextSentences = 2048;
    private double maxHaystackFlops = 2.5e12;
    private String output;
    private boolean overwrite;

    private Builder() {}

    /** 1K to 16M by factors of 4. */
    static long[] defaultLengths() {
      long[] lengths = new long[8];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = 1024L << (2 * i);
      }
      return lengths;
    }

    /** 0%, 10%, ..., 100%. */
    static double[] defaultDepths() {
      double[] depths = new double[11];
      for (int i = 0; i < depths.length; i++) {
        depths[i] = i / 10.0;
      }
      return depths;
    }

    public Builder tasks(List<NiahTask> value) {
      tasks = List.copyOf(value);
      return this;
    }

    public Builder lengths(long... value) {
      lengths = value.clone();
      return this;
    }

    public Builder depths(double... value) {
      depths = value.clone();
      return this;
    }

    public Builder taylorTerms(int... value) {
      taylorTerms = value.clone();
      return this;
    }

    public Builder headSizes(int... value) {
      headSizes = value.clone();
      return this;
    }

    public Builder realTextHeadSizes(int... value) {
      realTextHeadSizes = value.clone();
      return this;
    }

    public Builder dv(int value) {
      dv = value;
      return this;
    }

    public Builder logitScales(double... value) {
      logitScales = value.clone();
      return this;
    }

    public Builder trials(int value) {
      trials = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder chunkSize(int value) {
      chunkSize = value;
      return this;
    }

    public Builder capacityThreshold(double value) {
      capacityThreshold = value;
      return this;
    }

    public Builder capacityMinLength(long value) {
      capacityMinLength = value;
      return this;
    }

    /** Sets the longest capacity search length; 0 means the largest heat map length. */
    public Builder capacityMaxLength(long value) {
      capacityMaxLength = value;
      return this;
    }

    /** Sets the partition count; 0 means four per default parallelism. */
    public Builder partitions(int value) {
      partitions = value;
      return this;
    }

    public Builder needles(int value) {
      needles = value;
      return this;
    }

    public Builder distractorCosine(double value) {
      distractorCosine = value;
      return this;
    }

    public Builder realTextSentences(int value) {
      realTextSentences = value;
      return this;
    }

    public Builder maxHaystackFlops(double value) {
      maxHaystackFlops = value;
      return this;
    }

    /** Sets the output directory; null means {@code out/niah-yyyyMMdd-HHmmss}. */
    public Builder output(String value) {
      output = value;
      return this;
    }

    public Builder overwrite(boolean value) {
      overwrite = value;
      return this;
    }

    /**
     * Returns the checked options.
     *
     * @throws IllegalArgumentException naming the first invalid option
     */
    public NiahOptions build() {
      return new NiahOptions(this);
    }
  }
}
