package dev.sata.jobs.evaluate;

import java.io.Serializable;

/**
 * Key of one query: its sequence and its id ({@code pos} for self-attention, else {@code
 * query_id}).
 */
record QueryKey(SequenceKey sequence, long id) implements Serializable {}
