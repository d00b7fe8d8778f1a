package dev.sata.jobs.niah;

import dev.sata.jobs.common.JobOutput;
import dev.sata.jobs.common.Progress;
import dev.sata.kernel.CostModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code niah} job: needle-in-a-haystack retrieval with exact softmax attention and with the
 * constant-size Taylor state, over context lengths, needle depths, numbers of terms, key sizes and
 * logit scales, and a capacity search per configuration.
 *
 * <p>One distributed pass per (key size, haystack kind) builds everything ({@link HaystackPass});
 * the driver then places the needles and scores every cell ({@link CellEvaluator}) and writes the
 * report ({@link NiahReport}).
 */
public final class NiahJob {

  private static final Logger LOG = LoggerFactory.getLogger(NiahJob.class);

  /** Depth of the {@code treeReduce} that combines partition tables. */
  static final int TREE_DEPTH = 2;

  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final NiahOptions options;
  private final Codebook codebook;
  private final List<NiahCell> cells = new ArrayList<>();
  private final List<CapacityRow> capacity = new ArrayList<>();
  private final List<PassSummary> passes = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  private NiahJob(SparkSession spark, NiahOptions options) {
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.options = options;
    this.codebook = new Codebook(options.seed(), options.dv());
  }

  /**
   * Runs the job and commits its output directory; nothing is committed when it fails.
   *
   * @throws IllegalArgumentException when the output directory exists and {@code --overwrite} is
   *     not set
   */
  public static NiahResult run(SparkSession spark, NiahOptions options) {
    long start = System.nanoTime();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try (JobOutput output =
        JobOutput.open(context.hadoopConfiguration(), options.output(), options.overwrite())) {
      NiahJob job = new NiahJob(spark, options);
      job.execute();
      double sweepSeconds = secondsSince(start);

      // tables and figures, then the summary and the report, which state the times so far
      List<String> figures =
          NiahReport.writeTables(spark, output, options, job.cells, job.capacity);
      NiahResult result =
          new NiahResult(
              output.finalPath(),
              List.copyOf(job.cells),
              List.copyOf(job.capacity),
              List.copyOf(job.passes),
              List.copyOf(job.skipped),
              sweepSeconds,
              secondsSince(start));
      NiahReport.writeReport(spark, output, options, result, figures);
      output.commit();
      LOG.info(
          "niah finished {} s after Spark started (sweep {} s, then the output files); output {}",
          String.format(Locale.ROOT, "%.1f", secondsSince(start)),
          String.format(Locale.ROOT, "%.1f", sweepSeconds),
          output.finalPath());
      return result;
    }
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void execute() {
    RealTextInput text =
        options.tasks().contains(NiahTask.REAL_TEXT)
            ? RealTextInput.load(options.realTextSentences())
            : null;
    List<PassPlan> plans = plan(text);
    long total = plans.stream().mapToLong(p -> p.grid().extent()).sum();

    try (Progress progress = Progress.start(spark, "niah", total, 10)) {
      JavaRDD<HaystackChunk> textChunks = null;
      if (text != null) {
        textChunks = text.embeddedChunks(jsc, partitions()).persist(StorageLevel.MEMORY_AND_DISK());
      }
      for (PassPlan plan : plans) {
        progress.step("haystack pass, " + plan);
        long start = System.nanoTime();
        JavaRDD<HaystackChunk> chunks =
            plan.name().equals(PassPlan.REAL_TEXT)
                ? textChunks
                : syntheticChunks(plan.grid().extent());
        HaystackSource source =
            plan.name().equals(PassPlan.REAL_TEXT)
                ? new RealTextHaystack(options.seed(), plan.d(), codebook)
                : new SyntheticHaystack(options.seed(), plan.d(), codebook);
        HaystackPass pass =
            new HaystackPass(
                source, plan.grid(), plan.queries(), plan.terms(), plan.capturePositions());
        BucketTables tables = pass.run(chunks, progress.tokens(), TREE_DEPTH);

        progress.step("scoring " + plan.name() + " cells and capacity, d=" + plan.d());
        score(new CellEvaluator(plan, tables, codebook));
        passes.add(summary(plan, tables, (System.nanoTime() - start) / 1e9));
      }
      if (textChunks != null) {
        textChunks.unpersist();
      }
    }
  }

  /** Plans one pass per key size and haystack kind, noting what the budget or data leave out. */
  private List<PassPlan> plan(RealTextInput text) {
    List<PassPlan> plans = new ArrayList<>();
    if (options.hasSyntheticTask()) {
      for (int d : options.headSizes()) {
        addPlan(plans, syntheticPlan(d), PassPlan.SYNTHETIC, d);
      }
    }
    if (text != null) {
      for (int d : options.realTextHeadSizes()) {
        RealTextHaystack haystack = new RealTextHaystack(options.seed(), d, codebook);
        List<NeedleSet> sets =
            RealTextNeedles.needleSets(
                options.trials(), options.seed(), haystack, codebook, text.needleEmbeddings());
        addPlan(
            plans,
            PassPlan.create(
                PassPlan.REAL_TEXT,
                options,
                d,
                sets,
                new long[] {text.size()},
                text.size(),
                text.size()),
            PassPlan.REAL_TEXT,
            d);
      }
    }
    return plans;
  }

  /** Plans the pass of the synthetic tasks at key size {@code d}, or returns null. */
  private PassPlan syntheticPlan(int d) {
    List<NeedleSet> sets = new ArrayList<>();
    for (NiahTask task : options.tasks()) {
      if (!task.synthetic()) {
        continue;
      }
      for (int trial = 0; trial < options.trials(); trial++) {
        sets.add(
            Needles.synthetic(
                task,
                trial,
                options.seed(),
                d,
                codebook,
                options.needles(),
                options.distractorCosine()));
      }
    }
    return PassPlan.create(
        PassPlan.SYNTHETIC,
        options,
        d,
        sets,
        options.lengths(),
        options.capacityMaxLength(),
        Long.MAX_VALUE);
  }

  private void addPlan(List<PassPlan> plans, PassPlan plan, String name, int d) {
    if (plan == null) {
      skipped.add(
          name
              + " d="
              + d
              + ": the flop budget or the data allow fewer tokens than --capacity-min-length");
      return;
    }
    for (long length : plan.skippedLengths()) {
      skipped.add(
          name
              + " d="
              + d
              + ": length "
              + length
              + " exceeds the token limit "
              + plan.tokenLimit()
              + " of --max-haystack-flops");
    }
    LOG.info("Planned {}", plan);
    plans.add(plan);
  }

  /** Returns chunks of {@code --chunk-size} tokens covering {@code [0, extent)}. */
  private JavaRDD<HaystackChunk> syntheticChunks(long extent) {
    List<HaystackChunk> chunks = new ArrayList<>();
    long size = options.chunkSize();
    for (long start = 0; start < extent; start += size) {
      chunks.add(
          new HaystackChunk(chunks.size(), start, (int) Math.min(size, extent - start), null));
    }
    return jsc.parallelize(chunks, Math.max(1, Math.min(partitions(), chunks.size())));
  }

  private int partitions() {
    return options.partitions() > 0 ? options.partitions() : 4 * jsc.defaultParallelism();
  }

  /** Scores the cells at every cell length and runs the capacity searches of one pass. */
  private void score(CellEvaluator evaluator) {
    PassPlan plan = evaluator.plan();
    int[] terms = options.taylorTerms();
    long[] candidates = plan.capacityLengths();
    int[] candidateIndexes =
        Arrays.stream(candidates).mapToInt(n -> plan.grid().indexOf(n)).toArray();

    for (NiahTask task : plan.tasks()) {
      for (int l = 0; l < plan.scales().length; l++) {
        // cells at every depth
        for (long length : plan.cellLengths()) {
          cells.addAll(evaluator.cells(task, l, length, terms));
        }

        // capacity per method: exact, then each reported P
        int[] methods = new int[terms.length + 1];
        System.arraycopy(terms, 0, methods, 1, terms.length);
        for (int method : methods) {
          int scale = l;
          CapacitySearch.Result found =
              CapacitySearch.search(
                  candidates,
                  LengthGrid.STEPS_PER_OCTAVE,
                  i ->
                      evaluator.accuracy(task, scale, candidateIndexes[i], method)
                          >= options.capacityThreshold());
          capacity.add(capacityRow(plan, task, method, plan.scales()[l], found));
        }
      }
    }
  }

  private CapacityRow capacityRow(
      PassPlan plan, NiahTask task, int method, double scale, CapacitySearch.Result found) {
    String status =
        switch (found.status()) {
          case FOUND -> "found";
          case BELOW_MIN -> "below-min";
          case AT_LEAST_MAX -> "at-least-max";
        };
    return new CapacityRow(
        task.cliName(),
        plan.d(),
        plan.dv(),
        method == 0 ? "exact" : "sata",
        method,
        scale,
        status,
        found.capacity(),
        found.firstFailure(),
        found.probes(),
        method == 0 ? 0 : CostModel.stateSize(plan.d(), plan.dv(), method),
        CostModel.kvCacheSize(found.capacity(), plan.d(), plan.dv()));
  }

  private static PassSummary summary(PassPlan plan, BucketTables tables, double seconds) {
    int d = plan.d();
    int dv = plan.dv();
    int terms = plan.terms();
    int queries = plan.queries().size();
    long tokens = tables.tokens();
    return new PassSummary(
        plan.name(),
        d,
        terms,
        tokens,
        plan.tokenLimit(),
        queries,
        plan.grid().size(),
        tokens * CostModel.flopsPerKey(d, dv, terms),
        tables.stateEvaluations() * queries * CostModel.flopsPerQuery(d, dv, terms),
        queries * CostModel.softmaxFlopsPerQuery(tokens, d, dv),
        CostModel.stateSize(d, dv, terms),
        seconds);
  }
}
