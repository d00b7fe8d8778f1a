package dev.sata.jobs.extract;

import dev.sata.datasets.CorpusFormat;

/**
 * Output of the {@code extract} job.
 *
 * @param output the committed output directory, fully qualified
 * @param tokens the corpus directory inside it ({@code output/tokens}), to pass to a reader
 * @param format the corpus format
 * @param documents documents extracted
 * @param windows windows, one sequence per window, layer and head
 * @param tokenCount tokens over all windows, {@code [CLS]} and {@code [SEP]} included
 * @param rows token rows written: {@code tokenCount * 72}
 * @param seconds wall time of the job
 */
public record ExtractResult(
    String output,
    String tokens,
    CorpusFormat format,
    long documents,
    long windows,
    long tokenCount,
    long rows,
    double seconds) {}
