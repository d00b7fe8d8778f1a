package dev.sata.jobs.niah;

import java.util.List;

/**
 * Measurements of one {@code niah} run.
 *
 * @param outputDir the committed output directory, fully qualified
 * @param cells one row per (task, method, d, logit scale, length, depth)
 * @param capacity one row per (task, d, method, logit scale)
 * @param passes one entry per haystack pass
 * @param skipped why key sizes or lengths were left out (flop budget, corpus size), one line each
 * @param sweepSeconds wall time of the sweep: haystack passes, cell scoring and capacity searches
 * @param jobSeconds wall time from the start of the job, with Spark already running, until {@code
 *     summary.json} and {@code report.md} are written: the sweep plus writing the cells, the
 *     capacity table and the figures
 */
public record NiahResult(
    String outputDir,
    List<NiahCell> cells,
    List<CapacityRow> capacity,
    List<PassSummary> passes,
    List<String> skipped,
    double sweepSeconds,
    double jobSeconds) {}
