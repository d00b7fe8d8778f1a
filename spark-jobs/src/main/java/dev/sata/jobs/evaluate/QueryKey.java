package dev.sata.jobs.evaluate;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * Key of one query: its sequence and its id ({@code pos} for self-attention, else {@code
 * query_id}).
 */
@DefaultSerializer(JavaSerializer.class)
record QueryKey(SequenceKey sequence, long id) implements Serializable {}
