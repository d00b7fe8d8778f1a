package dev.sata.jobs.evaluate;

import java.io.Serializable;

/**
 * Key of one (query block, key chunk) pair of a sequence, where the two meet in a join.
 *
 * @param sequence the sequence
 * @param block the query block number
 * @param chunk the key chunk index
 */
public record PairKey(SequenceKey sequence, long block, long chunk) implements Serializable {}
