package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * Key of one (query block, key chunk) pair of a sequence, where the two meet in a join.
 *
 * @param sequence the sequence
 * @param block the query block number
 * @param chunk the key chunk index
 */
@DefaultSerializer(JavaSerializer.class)
public record PairKey(SequenceKey sequence, long block, long chunk) implements Serializable {}
