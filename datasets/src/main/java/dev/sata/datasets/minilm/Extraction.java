package dev.sata.datasets.minilm;

/**
 * Output of one model run on a window.
 *
 * <p>Layouts: {@code queries[layer][token][384]}, {@code keys} and {@code values} alike, for the 6
 * layers; head h is columns {@code 32h .. 32h+31}. When asked for, {@code probabilities[layer]} is
 * the model's own softmax {@code [12][n][n]} (head, query token, key token) and {@code
 * headOutputs[layer]} its per-head attention output {@code [12][n][32]} (head, token, value
 * column); both are null otherwise.
 */
public record Extraction(
    Window window,
    float[][][] queries,
    float[][][] keys,
    float[][][] values,
    float[][][][] probabilities,
    float[][][][] headOutputs) {

  /** Returns the token strings of the window. */
  public String[] tokens() {
    return window.tokens();
  }

  /** Returns the number of tokens n. */
  public int length() {
    return window.length();
  }
}
