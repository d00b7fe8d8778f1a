package dev.sata.jobs.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.stream.Collectors;

/** Serialises report tables and summaries as JSON and CSV. */
public final class Reports {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Reports() {}

  /**
   * Returns pretty-printed JSON of maps, lists, records and numbers. Non-finite doubles become the
   * strings "NaN", "Infinity" and "-Infinity", as Jackson writes them.
   */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise report value to JSON", e);
    }
  }

  /** Returns RFC 4180 CSV text: a header line, then one line per row. */
  public static String csv(List<String> header, List<List<?>> rows) {
    StringBuilder out = new StringBuilder();
    out.append(line(header)).append('\n');
    for (List<?> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(
            "CSV row has " + row.size() + " cells but the header has " + header.size());
      }
      out.append(line(row)).append('\n');
    }
    return out.toString();
  }

  private static String line(List<?> cells) {
    return cells.stream().map(Reports::cell).collect(Collectors.joining(","));
  }

  private static String cell(Object value) {
    String text = value == null ? "" : value.toString();
    boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n");
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
