package dev.sata.jobs.evaluate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.jobs.common.SparkSessions;
import dev.sata.jobs.common.TermList;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code evaluate} command. With no {@code --input} it evaluates the embedded default: real
 * MiniLM queries, keys and values of English Europarl documents, extracted into a temporary
 * directory first.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate Taylor approximated attention (SATA) against exact softmax attention, per sequence"
          + " key (seq_id, layer, head) and number of Taylor terms P.",
      "Without --input: real MiniLM Q/K/V of English Europarl documents, non-causal, P = 2..6,"
          + " exact attention for every position."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Token rows (seq_id, layer, head, pos, q, k, v). Default: the MiniLM corpus.")
  String input;

  @Option(
      names = "--format",
      paramLabel = "parquet|json|arrow",
      defaultValue = "parquet",
      description = "File format of --input and --queries (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--taylor-terms",
      paramLabel = "P[,P...]",
      defaultValue = "2,3,4,5,6",
      description =
          "Numbers of Taylor terms P, degrees 0..P-1: integers from 1 to "
              + EvaluateOptions.MAX_TERMS
              + " or ranges a..b, comma-separated (default: ${DEFAULT-VALUE}).")
  String terms;

  @Option(names = "--causal", description = "Query at pos t sees only keys with pos <= t.")
  boolean causal;

  @Option(
      names = "--scale",
      paramLabel = "C",
      description = "Logit divisor c in s = q.k / c (default: sqrt(d)).")
  Double scale;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "512",
      description = "Positions per chunk: chunk = floor(pos / N) (default: ${DEFAULT-VALUE}).")
  int chunkSize;

  @Option(
      names = "--exact",
      paramLabel = "all|N",
      defaultValue = "all",
      description =
          "Exact softmax for every query, or for N queries per sequence sampled with --seed"
              + " (default: ${DEFAULT-VALUE}).")
  String exact;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the --exact N sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--queries",
      paramLabel = "PATH",
      description =
          "Query file (seq_id, layer, head, query_id, q), evaluated non-causally against the key"
              + " and value rows of its sequence.")
  String queries;

  @Option(
      names = "--emit-outputs",
      description = "Also write per-query outputs (y_sata, y_exact, denominator) to outputs/.")
  boolean emitOutputs;

  @Option(
      names = "--output-format",
      paramLabel = "parquet|json",
      defaultValue = "parquet",
      description = "Format of outputs/ and metrics/ (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Output directory, apart from --input and --queries (default: a new directory"
              + " out/evaluate-<yyyyMMdd-HHmmss>).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Option(
      names = "--precision",
      paramLabel = "float64|float32",
      defaultValue = "float64",
      description = "Number type of the state, state route only (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--weights",
      paramLabel = "split|key-side",
      defaultValue = "split",
      description =
          "Where the series weights sit in the feature map, state route only (default:"
              + " ${DEFAULT-VALUE}).")
  String weights;

  @Option(
      names = "--route",
      paramLabel = "auto|state|pairwise",
      defaultValue = "auto",
      description =
          "auto: per sequence, the cheaper route by the cost model; or force one (default:"
              + " ${DEFAULT-VALUE}).")
  String route;

  @Option(
      names = "--strict-positions",
      description = "Reject sequences with gaps in their positions (default: count and warn).")
  boolean strictPositions;

  @Option(
      names = "--documents",
      paramLabel = "N",
      description =
          "Europarl documents of the default input (default: "
              + DefaultInput.DEFAULT_DOCUMENTS
              + "); only without --input.")
  Integer documents;

  @Override
  public Integer call() {
    EvaluateOptions.Builder builder = checkedOptions();
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = SparkSessions.getOrCreate("sata-evaluate");
    EvaluateResult result;
    if (input == null) {
      int count = documents == null ? DefaultInput.DEFAULT_DOCUMENTS : documents;
      result = DefaultInput.evaluate(spark, builder, count);
    } else {
      result = EvaluateJob.run(spark, builder.input(input).build());
    }
    out.println("Report: " + result.outputDir() + "/report.md");
    out.flush();
    return 0;
  }

  /**
   * Returns the options given on the command line, each checked before Spark starts.
   *
   * @throws ParameterException for an invalid option value, so that it is reported like a parse
   *     error: the message and a pointer to {@code --help}, exit code 2
   */
  private EvaluateOptions.Builder checkedOptions() {
    try {
      // the default input is only known after extraction, so a stand-in path passes its check
      options().input(input != null ? input : "default-input").build();
      return options();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Returns the options given on the command line, checked except for the input. */
  EvaluateOptions.Builder options() {
    if (documents != null && input != null) {
      throw new IllegalArgumentException(
          "Invalid value for option '--documents': "
              + documents
              + "; expected no --documents with --input (it sizes the default input only)");
    }
    if (documents != null && documents < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '--documents': " + documents + "; expected at least 1");
    }
    return EvaluateOptions.builder()
        .format(CorpusFormat.parse(format))
        .terms(TermList.parse("--taylor-terms", terms, EvaluateOptions.MAX_TERMS))
        .causal(causal)
        .scale(scale)
        .chunkSize(chunkSize)
        .exactCount(EvaluateOptions.parseExact(exact))
        .seed(seed)
        .queries(queries)
        .emitOutputs(emitOutputs)
        .outputFormat(EvaluateOptions.parseOutputFormat(outputFormat))
        .output(output != null ? output : defaultOutput())
        .overwrite(overwrite)
        .precision(EvaluateOptions.parsePrecision(precision))
        .weights(EvaluateOptions.parseWeights(weights))
        .route(EvaluateOptions.parseRoute(route))
        .strictPositions(strictPositions);
  }

  /** Returns {@code out/evaluate-<yyyyMMdd-HHmmss>}, relative to the working directory. */
  static String defaultOutput() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return "out/evaluate-" + stamp;
  }
}
