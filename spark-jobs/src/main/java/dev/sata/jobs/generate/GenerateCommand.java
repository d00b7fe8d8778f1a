package dev.sata.jobs.generate;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.synthetic.GaussianCorpus;
import dev.sata.jobs.common.SparkSessions;
import dev.sata.jobs.extract.CorpusOutputOptions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code generate} command: runs {@link GenerateJob} with options from the command line. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic corpus of Gaussian token rows: q and k standard Gaussian times"
          + " --logit-scale (so q.k/sqrt(d) has standard deviation logit-scale^2), v standard"
          + " Gaussian.",
      "Every chunk of --chunk-size positions comes from its own seeded random stream, so the"
          + " corpus is the same whatever --partitions. Output: DIR/tokens and DIR/generate.json."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--d", description = "Length of q and k (default: ${DEFAULT-VALUE}).")
  int d = 32;

  @Option(names = "--dv", description = "Length of v (default: ${DEFAULT-VALUE}).")
  int dv = 32;

  @Option(names = "--sequences", description = "Number of sequences (default: ${DEFAULT-VALUE}).")
  long sequences = 4;

  @Option(
      names = "--length",
      description = "Positions per sequence, layer and head (default: ${DEFAULT-VALUE}).")
  long length = 1024;

  @Option(names = "--layers", description = "Layers per sequence (default: ${DEFAULT-VALUE}).")
  int layers = 1;

  @Option(names = "--heads", description = "Heads per layer (default: ${DEFAULT-VALUE}).")
  int heads = 1;

  @Option(
      names = "--logit-scale",
      description =
          "Factor on q and k; the logit q.k/sqrt(d) then has standard deviation logit-scale^2"
              + " (default: ${DEFAULT-VALUE}).")
  double logitScale = 1.0;

  @Option(names = "--seed", description = "Seed of the whole corpus (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--chunk-size",
      description = "Positions drawn from one random stream (default: ${DEFAULT-VALUE}).")
  int chunkSize = 256;

  @Option(
      names = "--partitions",
      description =
          "Spark partitions, one output file each (default: the cluster's default parallelism).")
  Integer partitions;

  @Mixin CorpusOutputOptions corpusOutput = new CorpusOutputOptions();

  @Override
  public Integer call() {
    GaussianCorpus.Spec spec =
        new GaussianCorpus.Spec(
            d, dv, sequences, length, layers, heads, logitScale, seed, chunkSize);
    CorpusFormat corpusFormat = corpusOutput.format();
    if (partitions != null && partitions < 1) {
      throw new IllegalArgumentException(
          "Invalid value for option '--partitions': " + partitions + "; expected at least 1");
    }
    SparkSession spark = SparkSessions.getOrCreate("sata-generate");
    int slices = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
    GenerateResult result =
        GenerateJob.run(
            spark,
            new GenerateOptions(
                spec,
                slices,
                corpusFormat,
                corpusOutput.output("generate"),
                corpusOutput.overwrite()));
    System.out.printf(
        "Generated %d token rows (%d sequence keys, %s) in %s%n",
        result.rows(), result.keys(), result.format().optionValue(), result.tokens());
    return 0;
  }
}
