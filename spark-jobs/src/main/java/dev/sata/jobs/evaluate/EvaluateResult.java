package dev.sata.jobs.evaluate;

import java.util.Map;

/**
 * What a finished {@code evaluate} run returns to its caller.
 *
 * @param outputDir the committed output directory, fully qualified
 * @param summary the content of {@code summary.json}, as ordered maps and lists
 * @param tokens token rows read
 * @param sequences sequence keys {@code (seq_id, layer, head)}
 * @param queries queries evaluated with the Taylor approximation
 * @param exactQueries queries evaluated with exact softmax
 * @param nonPositiveDenominators per requested {@code P} (ascending), queries with {@code Z <= 0}
 */
public record EvaluateResult(
    String outputDir,
    Map<String, Object> summary,
    long tokens,
    long sequences,
    long queries,
    long exactQueries,
    long[] nonPositiveDenominators) {}
