package dev.sata.jobs.niah;

import dev.sata.datasets.europarl.EuroparlCorpus;
import dev.sata.datasets.minilm.MiniLmModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The real-text haystack before projection: the first English Europarl sentences in corpus order,
 * embedded with MiniLM on the executors chunk by chunk, and the embeddings of the needle sentences
 * and questions, computed on the driver.
 */
final class RealTextInput {

  /** Sentences per chunk: one MiniLM call per chunk on an executor. */
  static final int CHUNK_SENTENCES = 128;

  private final List<String> sentences;
  private final float[][] needleEmbeddings;

  private RealTextInput(List<String> sentences, float[][] needleEmbeddings) {
    this.sentences = sentences;
    this.needleEmbeddings = needleEmbeddings;
  }

  /**
   * Reads up to {@code limit} sentences and embeds the needles and questions.
   *
   * @throws IllegalStateException when a needle sentence occurs in the haystack
   */
  static RealTextInput load(int limit) {
    List<String> sentences = EuroparlCorpus.englishSentences(limit);
    RealTextNeedles.requireAbsent(sentences);
    float[][] needles = MiniLmModel.shared().embed(RealTextNeedles.sentencesToEmbed());
    return new RealTextInput(sentences, needles);
  }

  /** Returns the number of haystack sentences, the longest real-text haystack. */
  int size() {
    return sentences.size();
  }

  /** Returns the embeddings of needle 0, question 0, needle 1, question 1, ... */
  float[][] needleEmbeddings() {
    return needleEmbeddings;
  }

  /** Returns the haystack as chunks whose embeddings are computed on the executors (lazily). */
  JavaRDD<HaystackChunk> embeddedChunks(JavaSparkContext jsc, int partitions) {
    List<SentenceChunk> chunks = new ArrayList<>();
    for (int start = 0; start < sentences.size(); start += CHUNK_SENTENCES) {
      int end = Math.min(sentences.size(), start + CHUNK_SENTENCES);
      chunks.add(new SentenceChunk(chunks.size(), start, sentences.subList(start, end)));
    }
    int slices = Math.max(1, Math.min(partitions, chunks.size()));
    return jsc.parallelize(chunks, slices).map(RealTextInput::embed);
  }

  private static HaystackChunk embed(SentenceChunk chunk) {
    float[][] embeddings = MiniLmModel.shared().embed(chunk.sentences());
    return new HaystackChunk(chunk.index(), chunk.start(), chunk.sentences().size(), embeddings);
  }

  /**
   * Consecutive haystack sentences from position {@code start} (a class: Kryo 4 cannot create
   * records).
   */
  static final class SentenceChunk implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long index;
    private final long start;
    private final ArrayList<String> sentences;

    SentenceChunk(long index, long start, List<String> sentences) {
      this.index = index;
      this.start = start;
      this.sentences = new ArrayList<>(sentences);
    }

    long index() {
      return index;
    }

    long start() {
      return start;
    }

    List<String> sentences() {
      return sentences;
    }
  }
}
