package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Comparator;

/**
 * Key of a part of one sequence: a chunk of tokens, a block of queries, or a salt of a replicated
 * state, depending on where it is used.
 *
 * @param sequence the sequence
 * @param index the chunk index {@code floor(pos / chunkSize)}, the query block number or the salt
 */
@DefaultSerializer(JavaSerializer.class)
public record BlockKey(SequenceKey sequence, long index)
    implements Serializable, Comparable<BlockKey> {

  private static final Comparator<BlockKey> ORDER =
      Comparator.comparing(BlockKey::sequence).thenComparingLong(BlockKey::index);

  @Override
  public int compareTo(BlockKey other) {
    return ORDER.compare(this, other);
  }
}
