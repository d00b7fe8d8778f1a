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
 * @param seconds wall time of the whole run
 */
public record NiahResult(
    String outputDir,
    List<NiahCell> cells,
    List<CapacityRow> capacity,
    List<PassSummary> passes,
    List<String> skipped,
    double seconds) {}
