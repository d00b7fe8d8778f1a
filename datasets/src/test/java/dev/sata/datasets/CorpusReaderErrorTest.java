package dev.sata.datasets;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Bad input files fail at read time with a message that names the file and the problem. */
class CorpusReaderErrorTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @TempDir Path dir;

  @Test
  void missingPathRejected() {
    String path = dir.resolve("nothing-here").toString();

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.PARQUET),
        "Input path does not exist: " + path);
  }

  @Test
  void emptyDirectoryRejected() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Files.writeString(empty.resolve("_SUCCESS"), "");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), empty.toString(), CorpusFormat.PARQUET),
        "Empty input: no parquet data file in " + empty + "; expected at least one file");
  }

  @Test
  void directoryWithoutArrowFilesRejected() throws IOException {
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "not arrow");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), other.toString(), CorpusFormat.ARROW),
        "Empty input: no arrow data file in "
            + other
            + "; expected at least one file ending in .arrow");
  }

  @Test
  void fileWithoutRowsFailsValidation() {
    String path = dir.resolve("no-rows").toString();
    CorpusWriter.writeTokens(stored().limit(0).coalesce(1), path, CorpusFormat.PARQUET);
    Dataset<Row> rows = CorpusReader.readTokens(spark(), path, CorpusFormat.PARQUET);

    assertMessage(
        () -> TokenRowValidator.validate(rows, ValidationOptions.defaults().withInputName(path)),
        "Empty input: "
            + path
            + " has no token rows; expected at least one row with seq_id, pos,"
            + " k and v");
  }

  @Test
  void truncatedParquetRejected() throws IOException {
    String path = write("truncated-parquet", CorpusFormat.PARQUET);
    Path file = onlyDataFile(path, ".parquet");
    truncate(file, Files.size(file) / 2);

    InvalidInputException error = read(path, CorpusFormat.PARQUET);

    assertFramed(
        error.getMessage(),
        "Cannot read Parquet file " + qualified(file) + ": ",
        "is not a Parquet file",
        "; expected a complete Parquet file");
  }

  @Test
  void jsonReadAsParquetSuggestsFormat() throws IOException {
    Path file = Files.writeString(dir.resolve("tokens.jsonl"), "{\"seq_id\": \"a\", \"pos\": 0}\n");

    InvalidInputException error = read(file.toString(), CorpusFormat.PARQUET);

    org.junit.jupiter.api.Assertions.assertTrue(
        error
            .getMessage()
            .endsWith(
                "; expected a complete Parquet file; the file names suggest json (such as"
                    + " tokens.jsonl): pass --format json"),
        "message should suggest --format json: " + error.getMessage());
  }

  @Test
  void unreadableParquetRejected() throws IOException {
    Path bad = Files.createDirectory(dir.resolve("garbage-parquet"));
    Path file = Files.writeString(bad.resolve("part-0.parquet"), "these bytes are not Parquet");

    InvalidInputException error = read(bad.toString(), CorpusFormat.PARQUET);

    assertFramed(
        error.getMessage(),
        "Cannot read Parquet file " + qualified(file) + ": ",
        "is not a Parquet file",
        "; expected a complete Parquet file");
  }

  @Test
  void truncatedArrowRejected() throws IOException {
    String path = write("truncated-arrow", CorpusFormat.ARROW);
    Path file = onlyDataFile(path, ".arrow");
    truncate(file, Files.size(file) - 20);

    InvalidInputException error = read(path, CorpusFormat.ARROW);

    assertFramed(
        error.getMessage(),
        "Cannot read Arrow IPC file " + qualified(file) + ": ",
        "Magic number",
        "; expected a complete Arrow IPC file (file format, not stream format)");
  }

  @Test
  void truncatedJsonLineRejected() throws IOException {
    Path json = Files.createDirectory(dir.resolve("truncated-json"));
    Path file = json.resolve("part-0.json");
    Files.writeString(
        file,
        "{\"seq_id\":\"a\",\"pos\":0,\"k\":[1.0,2.0],\"v\":[3.0]}\n"
            + "{\"seq_id\":\"a\",\"pos\":1,\"k\":[1.0,2.0],\"v\":[3.");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), json.toString(), CorpusFormat.JSON),
        "Malformed JSON at line 2 of "
            + qualified(file)
            + ": '{\"seq_id\":\"a\",\"pos\":1,\"k\":[1.0,2.0],\"v\":[3.'; expected one complete JSON"
            + " object per line (1 malformed line in "
            + json
            + ")");
  }

  @Test
  void firstMalformedJsonLineNumbered() throws IOException {
    Path json = Files.createDirectory(dir.resolve("bad-lines-json"));
    String good = "{\"seq_id\":\"a\",\"pos\":%d,\"k\":[1.0,2.0],\"v\":[3.0]}\n";
    Files.writeString(json.resolve("a.json"), good.formatted(0) + good.formatted(1));
    // line 3 misses a comma and is longer than the 80 characters shown; line 5 is cut short
    String missingComma =
        "{\"seq_id\":\"a\",\"pos\":3,\"k\":[1.0,2.0] \"v\":[" + "3.0,".repeat(20) + "3.0]}";
    String lines =
        good.formatted(2)
            + "\n"
            + missingComma
            + "\n"
            + good.formatted(4)
            + "{\"seq_id\":\"a\",\"pos\":5,\"k\":[1.0,\n";
    Path file = Files.writeString(json.resolve("b.json"), lines);

    assertMessage(
        () -> CorpusReader.readTokens(spark(), json.toString(), CorpusFormat.JSON),
        "Malformed JSON at line 3 of "
            + qualified(file)
            + ": '"
            + missingComma.substring(0, 80)
            + "...'; expected one complete JSON object per line (2 malformed lines in "
            + json
            + ")");
  }

  @Test
  void prettyPrintedJsonNamesFirstLine() throws IOException {
    Path json = Files.createDirectory(dir.resolve("pretty-json"));
    Path file =
        Files.writeString(json.resolve("part-0.json"), "\n[\n  {\n    \"seq_id\": \"a\"\n  }\n]\n");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), json.toString(), CorpusFormat.JSON),
        "Malformed JSON at line 2 of "
            + qualified(file)
            + ": '['; expected one complete JSON object per line (no line of "
            + json
            + " is a JSON object)");
  }

  @Test
  void parquetReadAsJsonSuggestsFormat() throws IOException {
    String path = write("parquet-as-json", CorpusFormat.PARQUET);
    Path file = onlyDataFile(path, ".parquet");

    InvalidInputException error = read(path, CorpusFormat.JSON);

    org.junit.jupiter.api.Assertions.assertTrue(
        error
            .getMessage()
            .endsWith(
                "; the file names suggest parquet (such as "
                    + file.getFileName()
                    + "): pass --format parquet"),
        "message should suggest --format parquet: " + error.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(
        error.getMessage().startsWith("Malformed JSON at line 1 of " + qualified(file) + ": '"),
        "message should name the file and line: " + error.getMessage());
  }

  @Test
  void parquetFileReadAsArrowSuggestsFormat() throws IOException {
    Path file = onlyDataFile(write("parquet-as-arrow", CorpusFormat.PARQUET), ".parquet");

    InvalidInputException error = read(file.toString(), CorpusFormat.ARROW);

    org.junit.jupiter.api.Assertions.assertTrue(
        error
            .getMessage()
            .endsWith(
                "(file format, not stream format); the file names suggest parquet (such as "
                    + file.getFileName()
                    + "): pass --format parquet"),
        "message should suggest --format parquet: " + error.getMessage());
  }

  @Test
  void jsonFolderReadAsArrowSuggestsFormat() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("json-as-arrow"));
    Files.writeString(folder.resolve("part-0.json"), "{}\n");
    Files.writeString(folder.resolve("part-1.json"), "{}\n");
    Files.writeString(folder.resolve("notes.txt"), "not data\n");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), folder.toString(), CorpusFormat.ARROW),
        "Empty input: no arrow data file in "
            + folder
            + "; expected at least one file ending in .arrow; the file names suggest json (such"
            + " as part-0.json): pass --format json");
  }

  @Test
  void missingColumnInParquetNamesFile() throws IOException {
    String path = dir.resolve("no-k-parquet").toString();
    CorpusWriter.writeTokens(stored().drop("k").coalesce(1), path, CorpusFormat.PARQUET);
    Path file = onlyDataFile(path, ".parquet");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.PARQUET),
        "Missing column 'k' in "
            + qualified(file)
            + ": found columns [seq_id, layer, head, pos, q, v, doc_id, token]; expected at least"
            + " [seq_id, pos, k, v]");
  }

  @Test
  void missingColumnInArrowNamesFile() throws IOException {
    String path = dir.resolve("no-v-arrow").toString();
    CorpusWriter.writeTokens(stored().drop("v").coalesce(1), path, CorpusFormat.ARROW);
    Path file = onlyDataFile(path, ".arrow");

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.ARROW),
        "Missing column 'v' in "
            + qualified(file)
            + ": found columns [seq_id, layer, head, pos, q, k, doc_id, token]; expected at least"
            + " [seq_id, pos, k, v]");
  }

  @Test
  void missingColumnInJsonNamesPath() {
    String path = dir.resolve("no-pos-json").toString();
    CorpusWriter.writeTokens(stored().drop("pos"), path, CorpusFormat.JSON);

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.JSON),
        "Missing column 'pos' in "
            + path
            + ": found columns [doc_id, head, k, layer, q, seq_id, token, v]; expected at least"
            + " [seq_id, pos, k, v]");
  }

  @Test
  void wrongColumnTypeRejected() {
    String path = dir.resolve("double-pos").toString();
    Dataset<Row> rows = stored().withColumn("pos", col("pos").cast(DataTypes.DoubleType));
    CorpusWriter.writeTokens(rows, path, CorpusFormat.PARQUET);

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.PARQUET),
        "Column 'pos' in " + path + " has type double; expected an integer type (int or long)");
  }

  @Test
  void arrowFilesWithDifferentColumnsRejected() throws IOException {
    String path = dir.resolve("mixed-arrow").toString();
    CorpusWriter.writeTokens(stored().coalesce(1), path, CorpusFormat.ARROW);
    String second = dir.resolve("mixed-arrow-b").toString();
    CorpusWriter.writeTokens(stored().drop("token").coalesce(1), second, CorpusFormat.ARROW);
    Path moved = Files.move(onlyDataFile(second, ".arrow"), Path.of(path, "part-00001.arrow"));

    assertMessage(
        () -> CorpusReader.readTokens(spark(), path, CorpusFormat.ARROW),
        "Arrow file "
            + qualified(moved)
            + " has columns struct<seq_id:string,layer:int,head:int,pos:bigint,q:array<double>,"
            + "k:array<double>,v:array<double>,doc_id:bigint>; expected the columns of the first"
            + " file, struct<seq_id:string,layer:int,head:int,pos:bigint,q:array<double>,"
            + "k:array<double>,v:array<double>,doc_id:bigint,token:string>");
  }

  @Test
  void invalidRowNamesItsFile() throws IOException {
    Column nan = expr("array(1.0, double('NaN'), 3.0)");
    Column bad = col("pos").equalTo(3).and(col("head").equalTo(1));
    Dataset<Row> rows = stored().withColumn("k", when(bad, nan).otherwise(col("k")));
    String path = dir.resolve("nan-json").toString();
    CorpusWriter.writeTokens(rows.coalesce(1), path, CorpusFormat.JSON);
    Path file = onlyDataFile(path, ".json");
    Dataset<Row> read = CorpusReader.readTokens(spark(), path, CorpusFormat.JSON);

    assertMessage(
        () -> TokenRowValidator.validate(read, ValidationOptions.defaults()),
        "Invalid token row in "
            + qualified(file)
            + " at (seq_id=s0, layer=1, head=1), pos=3: column 'k' has NaN at index 1; expected"
            + " finite numbers (2 rows break this rule)");
  }

  private Dataset<Row> stored() {
    return TokenFixtures.frame(
        spark(), TokenFixtures.doubleRows(2, 6), TokenFixtures.DOUBLE_SCHEMA, 2);
  }

  private String write(String name, CorpusFormat format) {
    String path = dir.resolve(name).toString();
    CorpusWriter.writeTokens(stored().coalesce(1), path, format);
    return path;
  }

  private InvalidInputException read(String path, CorpusFormat format) {
    return assertThrows(
        InvalidInputException.class, () -> CorpusReader.readTokens(spark(), path, format));
  }

  private static void assertMessage(Executable action, String expected) {
    InvalidInputException error = assertThrows(InvalidInputException.class, action);
    assertEquals(expected, error.getMessage());
  }

  /** Asserts that the message starts and ends as given and quotes the library's reason. */
  private static void assertFramed(String message, String start, String reason, String end) {
    Assertions.assertTrue(
        message.startsWith(start), "message should start with " + start + ": " + message);
    Assertions.assertTrue(
        message.contains(reason), "message should contain " + reason + ": " + message);
    Assertions.assertTrue(message.endsWith(end), "message should end with " + end + ": " + message);
  }

  private static Path onlyDataFile(String path, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(path))) {
      List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
      assertEquals(1, found.size(), "data files in " + path + ": " + found);
      return found.get(0);
    }
  }

  private static String qualified(Path file) {
    return "file:" + file.toAbsolutePath();
  }

  /** Cuts the file and removes Hadoop's checksum file, as a copy cut short would have none. */
  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size);
    }
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }
}
