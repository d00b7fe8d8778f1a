package dev.sata.jobs.cost;

import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.TermList;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code cost} job: prints the cost model table and, with {@code --output}, writes {@code
 * cost.json}, {@code cost-per-terms.csv}, {@code cost-per-length.csv} and {@code
 * flops-vs-length.png}. Needs no Spark cluster and no data.
 */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Tabulate the cost of Taylor attention for one head: state size against a key-value cache,"
          + " flops per query and per key against exact softmax, the crossover context length"
          + " and the a-priori truncation bound. Counts of 10^12 or more print in scientific"
          + " notation; states too large for a Java array or for this JVM's heap are marked.",
    })
public final class CostCommand implements Callable<Integer> {

  /** Largest accepted {@code P}; far past any state that fits in memory, for the table only. */
  static final int MAX_TERMS = 100;

  @Spec CommandSpec spec;

  @Option(
      names = "--d",
      paramLabel = "D",
      defaultValue = "32",
      description = "Key and query size d (default: ${DEFAULT-VALUE}).")
  int d;

  @Option(
      names = "--dv",
      paramLabel = "DV",
      defaultValue = "32",
      description = "Value size dv (default: ${DEFAULT-VALUE}).")
  int dv;

  @Option(
      names = "--taylor-terms",
      paramLabel = "P[,P...]",
      defaultValue = "2,3,4,5,6",
      description =
          "Numbers of Taylor terms P, a list with ranges such as 2,4..6, each from 1 to "
              + MAX_TERMS
              + " (default: ${DEFAULT-VALUE}).")
  String terms;

  @Option(
      names = "--lengths",
      paramLabel = "N",
      split = ",",
      splitSynopsisLabel = ",",
      defaultValue = "128,512,2048,8192,32768,131072,524288,2097152",
      description = "Context lengths n (default: ${DEFAULT-VALUE}).")
  List<Long> lengths;

  @Option(
      names = "--max-logit",
      paramLabel = "S",
      defaultValue = "3",
      description =
          "Largest |q.k/c| assumed for the truncation bound exp(S) S^P / P! (default:"
              + " ${DEFAULT-VALUE}).")
  double maxLogit;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Also write JSON, CSV and a PNG of flops per query against n to DIR.")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    CostTable table =
        new CostTable(
            d,
            dv,
            TermList.parse("--taylor-terms", terms, MAX_TERMS),
            lengths.stream().mapToLong(Long::longValue).toArray(),
            maxLogit);
    PrintWriter out = spec.commandLine().getOut();
    out.print(table.toText());

    if (output != null) {
      write(table, output, overwrite);
      out.println();
      out.println("Written to " + output);
    }
    out.flush();
    return 0;
  }

  /** Writes the table files to {@code dir} through a {@link JobOutput}. */
  static void write(CostTable table, String dir, boolean overwrite) {
    try (JobOutput job = JobOutput.open(new Configuration(), dir, overwrite)) {
      job.writeString("cost.json", table.toJson());
      job.writeString("cost-per-terms.csv", CostTable.csv(table.perTerms()));
      job.writeString("cost-per-length.csv", CostTable.csv(table.perLength()));
      job.writeBytes("flops-vs-length.png", table.flopsPlot());
      job.commit();
    }
  }
}
