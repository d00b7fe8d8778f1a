package dev.sata.jobs.evaluate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.kernel.Precision;
import dev.sata.kernel.WeightPlacement;
import java.util.Arrays;
import java.util.Locale;

/**
 * Settings of one {@code evaluate} run, checked when built. Every check names the command-line
 * option, the value and what is expected.
 */
public final class EvaluateOptions {

  /** Largest accepted {@code P}. The state at {@code P} grows as {@code binom(d+P-1, P-1)}. */
  public static final int MAX_TERMS = 20;

  /** How the Taylor outputs of a sequence are computed. */
  public enum RouteChoice {
    /** Per sequence, the cheaper of the two by the cost model. */
    AUTO,
    /** Always build the state. */
    STATE,
    /** Always evaluate (query block, key chunk) pairs from the logits. */
    PAIRWISE
  }

  private final String input;
  private final String inputLabel;
  private final Integer documents;
  private final CorpusFormat format;
  private final int[] terms;
  private final boolean causal;
  private final Double scale;
  private final int chunkSize;
  private final int exactCount; // 0 means all
  private final long seed;
  private final String queries;
  private final boolean emitOutputs;
  private final String outputFormat;
  private final String output;
  private final boolean overwrite;
  private final Precision precision;
  private final WeightPlacement weights;
  private final RouteChoice route;
  private final boolean strictPositions;
  private final int fanout;
  private final int maxSalts;

  private EvaluateOptions(Builder b) {
    input = b.input;
    inputLabel = b.inputLabel;
    documents = b.documents;
    format = b.format;
    terms = Arrays.stream(b.terms).sorted().distinct().toArray();
    causal = b.causal;
    scale = b.scale;
    chunkSize = b.chunkSize;
    exactCount = b.exactCount;
    seed = b.seed;
    queries = b.queries;
    emitOutputs = b.emitOutputs;
    outputFormat = b.outputFormat;
    output = b.output;
    overwrite = b.overwrite;
    precision = b.precision;
    weights = b.weights;
    route = b.route;
    strictPositions = b.strictPositions;
    fanout = b.fanout;
    maxSalts = b.maxSalts;
    check();
  }

  /** Returns a builder with the defaults: P = 2..6, chunk size 512, exact for all queries. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the input path (token rows). */
  public String input() {
    return input;
  }

  /** Returns how reports name the input: a description of the default input, else the path. */
  public String inputLabel() {
    return inputLabel != null ? inputLabel : input;
  }

  /**
   * Returns the {@code --documents} count when the input is the default input extracted from that
   * many Europarl documents, or null when the input is a path given with {@code --input}.
   */
  public Integer documents() {
    return documents;
  }

  /** Returns the option that names the input in messages: --input or the default input. */
  public String inputOption() {
    return documents == null ? "--input" : "default input";
  }

  /** Returns the file format of the input and of the query file. */
  public CorpusFormat format() {
    return format;
  }

  /** Returns the requested {@code P} values, ascending and distinct. */
  public int[] terms() {
    return terms.clone();
  }

  /** Returns whether query {@code t} sees only keys with {@code pos <= t}. */
  public boolean causal() {
    return causal;
  }

  /** Returns the logit divisor {@code c}, or null for the default {@code sqrt(d)}. */
  public Double scale() {
    return scale;
  }

  /** Returns the number of positions per chunk. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Returns whether every query gets exact attention ({@code --exact all}). */
  public boolean exactAll() {
    return exactCount == 0;
  }

  /** Returns {@code N} of {@code --exact N}, or 0 for all. */
  public int exactCount() {
    return exactCount;
  }

  /** Returns the seed of the exact-attention sample. */
  public long seed() {
    return seed;
  }

  /** Returns the query file, or null for self-attention over the token rows. */
  public String queries() {
    return queries;
  }

  /** Returns whether per-query outputs are written to {@code outputs/}. */
  public boolean emitOutputs() {
    return emitOutputs;
  }

  /** Returns the format of {@code outputs/} and of the metrics table: parquet or json. */
  public String outputFormat() {
    return outputFormat;
  }

  /** Returns the output directory. */
  public String output() {
    return output;
  }

  /** Returns whether an existing output directory is replaced. */
  public boolean overwrite() {
    return overwrite;
  }

  /** Returns the number type of the state (state route only). */
  public Precision precision() {
    return precision;
  }

  /** Returns where the series weights sit in the feature map (state route only). */
  public WeightPlacement weights() {
    return weights;
  }

  /** Returns the route choice. */
  public RouteChoice route() {
    return route;
  }

  /** Returns whether a gap in the positions of a sequence is an error. */
  public boolean strictPositions() {
    return strictPositions;
  }

  /** Returns the most chunk states merged per sequence at the first level of the tree. */
  public int fanout() {
    return fanout;
  }

  /** Returns the most copies of a sequence state sent to meet its query blocks. */
  public int maxSalts() {
    return maxSalts;
  }

  /** Returns a builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.input = input;
    b.inputLabel = inputLabel;
    b.documents = documents;
    b.format = format;
    b.terms = terms.clone();
    b.causal = causal;
    b.scale = scale;
    b.chunkSize = chunkSize;
    b.exactCount = exactCount;
    b.seed = seed;
    b.queries = queries;
    b.emitOutputs = emitOutputs;
    b.outputFormat = outputFormat;
    b.output = output;
    b.overwrite = overwrite;
    b.precision = precision;
    b.weights = weights;
    b.route = route;
    b.strictPositions = strictPositions;
    b.fanout = fanout;
    b.maxSalts = maxSalts;
    return b;
  }

  private void check() {
    require(input != null && !input.isBlank(), "--input", input, "a path");
    require(output != null && !output.isBlank(), "--output", output, "a directory");
    require(terms.length > 0, "--taylor-terms", "", "at least one P");
    for (int p : terms) {
      require(p >= 1 && p <= MAX_TERMS, "--taylor-terms", p, "P in [1, " + MAX_TERMS + "]");
    }
    require(chunkSize >= 1, "--chunk-size", chunkSize, "an integer of at least 1");
    require(exactCount >= 0, "--exact", exactCount, "'all' or an integer of at least 1");
    require(
        scale == null || (scale > 0 && !scale.isInfinite()),
        "--scale",
        scale,
        "a finite number greater than 0");
    require(
        "parquet".equals(outputFormat) || "json".equals(outputFormat),
        "--output-format",
        outputFormat,
        "parquet or json");
    require(
        queries == null || !causal,
        "--queries",
        queries,
        "no --causal: a query file is evaluated against all keys of its sequence");
    require(fanout >= 2, "fanout", fanout, "an integer of at least 2");
    require(maxSalts >= 1, "salts", maxSalts, "an integer of at least 1");
    require(format != null, "--format", null, "parquet, json or arrow");
    require(precision != null, "--precision", null, "float64 or float32");
    require(weights != null, "--weights", null, "split or key-side");
    require(route != null, "--route", null, "auto, state or pairwise");
  }

  private static void require(boolean condition, String option, Object value, String expected) {
    if (!condition) {
      throw new IllegalArgumentException(
          "Invalid value for option '" + option + "': " + value + "; expected " + expected);
    }
  }

  /** Parses {@code --exact}: {@code all} or a positive count. Returns 0 for all. */
  public static int parseExact(String value) {
    String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (text.equals("all")) {
      return 0;
    }
    try {
      int count = Integer.parseInt(text);
      if (count >= 1) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected values
    }
    throw new IllegalArgumentException(
        "Invalid value for option '--exact': '" + value + "'; expected 'all' or an integer >= 1");
  }

  /** Parses {@code --precision}: float64 or float32. */
  public static Precision parsePrecision(String value) {
    return switch (lower(value)) {
      case "float64" -> Precision.FLOAT64;
      case "float32" -> Precision.FLOAT32;
      default -> throw invalidChoice("--precision", value, "float64, float32");
    };
  }

  /** Parses {@code --weights}: split or key-side. */
  public static WeightPlacement parseWeights(String value) {
    return switch (lower(value)) {
      case "split" -> WeightPlacement.SPLIT;
      case "key-side" -> WeightPlacement.KEY_SIDE;
      default -> throw invalidChoice("--weights", value, "split, key-side");
    };
  }

  /** Parses {@code --route}: auto, state or pairwise. */
  public static RouteChoice parseRoute(String value) {
    return switch (lower(value)) {
      case "auto" -> RouteChoice.AUTO;
      case "state" -> RouteChoice.STATE;
      case "pairwise" -> RouteChoice.PAIRWISE;
      default -> throw invalidChoice("--route", value, "auto, state, pairwise");
    };
  }

  /** Parses {@code --output-format}: parquet or json. */
  public static String parseOutputFormat(String value) {
    String text = lower(value);
    if (text.equals("parquet") || text.equals("json")) {
      return text;
    }
    throw invalidChoice("--output-format", value, "parquet, json");
  }

  private static String lower(String value) {
    return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
  }

  private static IllegalArgumentException invalidChoice(
      String option, String value, String choices) {
    return new IllegalArgumentException(
        "Invalid value for option '" + option + "': '" + value + "'; expected one of " + choices);
  }

  /** Mutable builder of {@link EvaluateOptions}; {@link #build()} checks every value. */
  public static final class Builder {
    private String input;
    private String inputLabel;
    private Integer documents;
    private CorpusFormat format = CorpusFormat.PARQUET;
    private int[] terms = {2, 3, 4, 5, 6};
    private boolean causal;
    private Double scale;
    private int chunkSize = 512;
    private int exactCount;
    private long seed = 42;
    private String queries;
    private boolean emitOutputs;
    private String outputFormat = "parquet";
    private String output;
    private boolean overwrite;
    private Precision precision = Precision.FLOAT64;
    private WeightPlacement weights = WeightPlacement.SPLIT;
    private RouteChoice route = RouteChoice.AUTO;
    private boolean strictPositions;
    private int fanout = 16;
    private int maxSalts = 8;

    private Builder() {}

    public Builder input(String value) {
      input = value;
      return this;
    }

    /** Sets how reports name the input, when the path alone would not say what it is. */
    public Builder inputLabel(String value) {
      inputLabel = value;
      return this;
    }

    /** Marks the input as the default input, extracted from {@code value} Europarl documents. */
    public Builder documents(Integer value) {
      documents = value;
      return this;
    }

    public Builder format(CorpusFormat value) {
      format = value;
      return this;
    }

    public Builder terms(int... values) {
      terms = values.clone();
      return this;
    }

    public Builder causal(boolean value) {
      causal = value;
      return this;
    }

    public Builder scale(Double value) {
      scale = value;
      return this;
    }

    public Builder chunkSize(int value) {
      chunkSize = value;
      return this;
    }

    /** Sets {@code N} of {@code --exact N}; 0 means every query. */
    public Builder exactCount(int value) {
      exactCount = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder queries(String value) {
      queries = value;
      return this;
    }

    public Builder emitOutputs(boolean value) {
      emitOutputs = value;
      return this;
    }

    public Builder outputFormat(String value) {
      outputFormat = value;
      return this;
    }

    public Builder output(String value) {
      output = value;
      return this;
    }

    public Builder overwrite(boolean value) {
      overwrite = value;
      return this;
    }

    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    public Builder weights(WeightPlacement value) {
      weights = value;
      return this;
    }

    public Builder route(RouteChoice value) {
      route = value;
      return this;
    }

    public Builder strictPositions(boolean value) {
      strictPositions = value;
      return this;
    }

    /** Sets the most chunk states merged per sequence at the first level (at least 2). */
    public Builder fanout(int value) {
      fanout = value;
      return this;
    }

    /** Sets the most copies of a sequence state sent to its query blocks (at least 1). */
    public Builder maxSalts(int value) {
      maxSalts = value;
      return this;
    }

    /** Returns the checked options. */
    public EvaluateOptions build() {
      return new EvaluateOptions(this);
    }
  }
}
