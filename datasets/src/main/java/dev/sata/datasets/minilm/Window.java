package dev.sata.datasets.minilm;

import java.io.Serializable;

/**
 * A window of word pieces of one text, ready for the model: {@code [CLS]}, up to 510 word pieces,
 * {@code [SEP]}.
 *
 * @param ids token ids, length n, starting with the {@code [CLS]} id and ending with the {@code
 *     [SEP]} id
 * @param tokens word piece strings, length n, aligned with {@code ids}
 * @param offset index, in the text's word pieces (special tokens not counted), of the window's
 *     first word piece
 */
public record Window(long[] ids, String[] tokens, int offset) implements Serializable {

  /** Returns the number of tokens n, special tokens included. */
  public int length() {
    return ids.length;
  }
}
