package dev.sata.datasets.minilm;

import java.util.List;

/** The all-MiniLM-L6-v2 sentence encoder run through ONNX Runtime, with its inner tensors. */
public final class MiniLmModel implements AutoCloseable {

  /** Layers of the encoder. */
  public static final int LAYERS = 6;

  /** Attention heads per layer. */
  public static final int HEADS = 12;

  /** Width of one head's query, key and value. */
  public static final int HEAD_SIZE = 32;

  /** Hidden size: {@code HEADS * HEAD_SIZE}. */
  public static final int HIDDEN = 384;

  /** Most tokens per window, {@code [CLS]} and {@code [SEP]} included. */
  public static final int MAX_TOKENS = 512;

  private MiniLmModel() {}

  /** Loads the model and tokenizer from the class path. */
  public static MiniLmModel load() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Returns the model shared by the whole JVM, loaded on first use. */
  public static MiniLmModel shared() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Encodes the start of {@code text} as one window of at most {@code maxTokens} tokens. */
  public Window encode(String text, int maxTokens) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Cuts {@code text} into consecutive windows of at most {@code maxTokens} tokens each. */
  public List<Window> windows(String text, int maxTokens) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Runs the model on one window. */
  public Extraction run(Window window, boolean withProbabilities) {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Returns L2-normalised mean-pooled sentence embeddings, {@code [sentences][384]}. */
  public float[][] embed(List<String> sentences) {
    throw new UnsupportedOperationException("not built yet");
  }

  @Override
  public void close() {}
}
