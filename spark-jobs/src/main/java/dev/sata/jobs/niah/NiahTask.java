package dev.sata.jobs.niah;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Retrieval tasks of the {@code niah} job. The four synthetic tasks share one random haystack per
 * key size and differ only in the tokens they insert. The real-text task has a haystack of embedded
 * English sentences.
 */
public enum NiahTask {
  /** One needle; its query is the needle key's direction. */
  SINGLE("single"),
  /** One needle and distractors whose keys have a fixed cosine with the needle key. */
  MULTI_KEY("multi-key"),
  /** One key inserted several times, each copy with another value; all values must come back. */
  MULTI_VALUE("multi-value"),
  /** Several needles with independent keys, each queried. */
  MULTI_QUERY("multi-query"),
  /** A sentence needle in embedded Europarl sentences, queried by a question about it. */
  REAL_TEXT("real-text");

  private final String cliName;

  NiahTask(String cliName) {
    this.cliName = cliName;
  }

  /** Returns the name used on the command line and in every output. */
  public String cliName() {
    return cliName;
  }

  /** Returns whether the task uses the synthetic random haystack. */
  public boolean synthetic() {
    return this != REAL_TEXT;
  }

  /**
   * Returns the task named {@code name} on the command line.
   *
   * @throws IllegalArgumentException naming the valid tasks when {@code name} is not one
   */
  public static NiahTask fromCliName(String name) {
    for (NiahTask task : values()) {
      if (task.cliName.equals(name.trim())) {
        return task;
      }
    }
    throw new IllegalArgumentException(
        "Invalid value for option '--task': "
            + name
            + "; expected one of "
            + Arrays.stream(values()).map(NiahTask::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
