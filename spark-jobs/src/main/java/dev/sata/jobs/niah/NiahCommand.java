package dev.sata.jobs.niah;

import dev.sata.jobs.common.SparkSessions;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code niah} command: parses the options and runs {@link NiahJob}. */
@Command(
    name = "niah",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Needle-in-a-haystack retrieval with exact softmax attention and the constant-size Taylor"
          + " state: accuracy over context length x needle depth x Taylor terms, and the longest"
          + " context each configuration still retrieves from.",
      "Lengths are token counts; K, M, G and T multiply by 2^10, 2^20, 2^30 and 2^40."
    })
public final class NiahCommand implements Callable<Integer> {

  @Option(
      names = "--task",
      defaultValue = "single,multi-key,multi-value,multi-query,real-text",
      description =
          "Tasks, comma-separated: single, multi-key, multi-value, multi-query, real-text.")
  String tasks;

  @Option(
      names = "--lengths",
      defaultValue = "1K,4K,16K,64K,256K,1M,4M,16M",
      description = "Context lengths of the synthetic heat maps, tokens (comma-separated).")
  String lengths;

  @Option(
      names = "--depths",
      defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1",
      description =
          "Needle depths: fractions of the haystack (0 = first token, 1 = last) or"
              + " percentages such as 50%%.")
  String depths;

  @Option(
      names = "--taylor-terms",
      paramLabel = "P[,P...]",
      defaultValue = "1..8",
      description = "Numbers of Taylor terms P (list or range a..b); exact softmax always runs.")
  String taylorTerms;

  @Option(
      names = "--d",
      defaultValue = "4,8",
      description =
          "Key sizes d of the synthetic tasks (comma-separated). State size grows as"
              + " binom(d+P-1, P-1).")
  String headSizes;

  @Option(
      names = "--real-text-d",
      defaultValue = "8,16",
      description =
          "Key sizes d of the real-text task, at most 384 (its haystack is only"
              + " --real-text-sentences long, so larger d are affordable).")
  String realTextHeadSizes;

  @Option(names = "--dv", defaultValue = "8", description = "Value size dv.")
  int dv;

  @Option(
      names = "--logit-scale",
      defaultValue = "4,8,16",
      description = "Logit scales L: the needle's logit q.k / c (comma-separated).")
  String logitScales;

  @Option(
      names = "--trials",
      defaultValue = "10",
      description = "Trials per cell: independent needle sets, each placed at every depth.")
  int trials;

  @Option(names = "--seed", defaultValue = "20240611", description = "Seed of every random stream.")
  long seed;

  @Option(
      names = "--chunk-size",
      defaultValue = "65536",
      description =
          "Synthetic haystack tokens one Spark task generates at a time (real-text chunks are"
              + " 128 sentences).")
  int chunkSize;

  @Option(
      names = "--capacity-threshold",
      defaultValue = "0.9",
      description = "Accuracy (mean over depths) a length must reach in the capacity search.")
  double capacityThreshold;

  @Option(
      names = "--capacity-min-length",
      defaultValue = "16",
      description = "Shortest length of the capacity search and of the accuracy curves, tokens.")
  String capacityMinLength;

  @Option(
      names = "--capacity-max-length",
      defaultValue = "0",
      description =
          "Longest length of the capacity search, tokens; 0 means the largest of" + " --lengths.")
  String capacityMaxLength;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Spark partitions of a haystack pass; 0 means 4 per default parallelism.")
  int partitions;

  @Option(
      names = "--needles",
      defaultValue = "4",
      description =
          "Tokens inserted per trial by multi-key (needle + distractors), multi-value"
              + " (values) and multi-query (needles).")
  int needles;

  @Option(
      names = "--distractor-cosine",
      defaultValue = "0.9",
      description = "Cosine between each multi-key distractor key and the needle key.")
  double distractorCosine;

  @Option(
      names = "--real-text-sentences",
      defaultValue = "2048",
      description = "Europarl sentences embedded for the real-text haystack (its longest length).")
  int realTextSentences;

  @Option(
      names = "--max-haystack-flops",
      defaultValue = "2.5e12",
      description =
          "State-building flops allowed per key size and haystack; longer lengths are"
              + " left out for that d (per token: D + 2 D (dv + 1)).")
  double maxHaystackFlops;

  @Option(
      names = "--output",
      description = "Output directory (any Hadoop path); default out/niah-yyyyMMdd-HHmmss.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    NiahOptions options = options();
    SparkSession spark = SparkSessions.getOrCreate("sata-niah");
    long start = System.nanoTime();
    NiahResult result = NiahJob.run(spark, options);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "niah: %d cells, %d capacity searches; %.1f s in all after Spark started (sweep %.1f s,"
            + " then writing the output files); output %s%n",
        result.cells().size(),
        result.capacity().size(),
        seconds,
        result.sweepSeconds(),
        result.outputDir());
    return 0;
  }

  /** Parses and checks the option values. */
  NiahOptions options() {
    return NiahOptions.builder()
        .tasks(NiahOptions.parseTasks("--task", tasks))
        .lengths(NiahOptions.parseLengths("--lengths", lengths))
        .depths(NiahOptions.parseDepths("--depths", depths))
        .taylorTerms(NiahOptions.parseTerms("--taylor-terms", taylorTerms))
        .headSizes(NiahOptions.parseInts("--d", headSizes))
        .realTextHeadSizes(NiahOptions.parseInts("--real-text-d", realTextHeadSizes))
        .dv(dv)
        .logitScales(NiahOptions.parseDoubles("--logit-scale", logitScales))
        .trials(trials)
        .seed(seed)
        .chunkSize(chunkSize)
        .capacityThreshold(capacityThreshold)
        .capacityMinLength(NiahOptions.parseLength("--capacity-min-length", capacityMinLength))
        .capacityMaxLength(NiahOptions.parseLength("--capacity-max-length", capacityMaxLength))
        .partitions(partitions)
        .needles(needles)
        .distractorCosine(distractorCosine)
        .realTextSentences(realTextSentences)
        .maxHaystackFlops(maxHaystackFlops)
        .output(output)
        .overwrite(overwrite)
        .build();
  }
}
