package dev.sata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing of the --format option. */
class CorpusFormatTest {

  @Test
  void namesParseInAnyCase() {
    assertEquals(CorpusFormat.PARQUET, CorpusFormat.parse("parquet"), "parquet");
    assertEquals(CorpusFormat.JSON, CorpusFormat.parse("JSON"), "JSON");
    assertEquals(CorpusFormat.ARROW, CorpusFormat.parse(" Arrow "), "Arrow with spaces");
  }

  @Test
  void unknownNameRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CorpusFormat.parse("csv"));

    assertEquals(
        "Invalid value for option '--format': 'csv'; expected one of parquet, json, arrow",
        error.getMessage());
  }

  @Test
  void nullRejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> CorpusFormat.parse(null));

    assertEquals(
        "Invalid value for option '--format': 'null'; expected one of parquet, json, arrow",
        error.getMessage());
  }
}
