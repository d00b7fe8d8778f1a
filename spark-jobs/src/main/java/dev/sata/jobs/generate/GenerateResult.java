package dev.sata.jobs.generate;

import dev.sata.datasets.CorpusFormat;

/**
 * Output of the {@code generate} job.
 *
 * @param output the committed output directory, fully qualified
 * @param tokens the corpus directory inside it ({@code output/tokens}), to pass to a reader
 * @param format the corpus format
 * @param keys sequence keys {@code (seq_id, layer, head)}
 * @param rows token rows written
 * @param seconds wall time of the job
 */
public record GenerateResult(
    String output, String tokens, CorpusFormat format, long keys, long rows, double seconds) {}
