package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Comparator;

/**
 * Key of one attention sequence: the tokens of one head of one layer of one input sequence.
 *
 * <p>Used as a shuffle key, so its hash code depends only on its values (no enum or identity hash).
 *
 * @param seqId the {@code seq_id} column
 * @param layer the {@code layer} column (0 when the input has none)
 * @param head the {@code head} column (0 when the input has none)
 */
@DefaultSerializer(JavaSerializer.class)
public record SequenceKey(String seqId, int layer, int head)
    implements Serializable, Comparable<SequenceKey> {

  private static final Comparator<SequenceKey> ORDER =
      Comparator.comparing(SequenceKey::seqId)
          .thenComparingInt(SequenceKey::layer)
          .thenComparingInt(SequenceKey::head);

  @Override
  public int compareTo(SequenceKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return "(seq_id=" + seqId + ", layer=" + layer + ", head=" + head + ")";
  }
}
