package dev.sata.datasets;

import java.util.Locale;

/**
 * File formats of a corpus: Parquet (the default), JSON Lines (one JSON object per line), and Arrow
 * IPC files (the random-access file format, extension {@code .arrow}).
 */
public enum CorpusFormat {
  PARQUET,
  JSON,
  ARROW;

  /**
   * Parses the value of the {@code --format} option.
   *
   * @param value {@code parquet}, {@code json} or {@code arrow}, in any case
   * @throws IllegalArgumentException for any other value, naming the option and the choices
   */
  public static CorpusFormat parse(String value) {
    if (value != null) {
      for (CorpusFormat format : values()) {
        if (format.name().equalsIgnoreCase(value.trim())) {
          return format;
        }
      }
    }
    throw new IllegalArgumentException(
        "Invalid value for option '--format': '"
            + value
            + "'; expected one of parquet, json, arrow");
  }

  /** Returns the lower-case name used on the command line and in file names. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
