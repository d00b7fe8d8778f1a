package dev.sata.jobs.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.CorpusReader;
import dev.sata.datasets.TokenRowValidator;
import dev.sata.datasets.ValidationOptions;
import dev.sata.datasets.ValidationReport;
import dev.sata.datasets.europarl.EuroparlCorpus;
import dev.sata.datasets.europarl.EuroparlDocument;
import dev.sata.datasets.minilm.MiniLmModel;
import dev.sata.jobs.SataJobs;
import dev.sata.jobs.common.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The extract job on real Europarl documents with the real MiniLM model. */
class ExtractJobTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @TempDir Path dir;

  @Test
  void twentyDocumentsGiveTokensTimesSeventyTwoRows() throws IOException {
    String output = dir.resolve("extract").toString();
    long start = System.nanoTime();

    ExtractResult result =
        ExtractJob.run(spark(), new ExtractOptions(20, 512, CorpusFormat.PARQUET, output, false));
    double seconds = (System.nanoTime() - start) / 1e9;

    // Expected counts from the tokenizer alone.
    long tokens = 0;
    long windows = 0;
    for (EuroparlDocument document : EuroparlCorpus.englishDocuments(20)) {
      for (var window : MiniLmModel.shared().windows(document.body(), 512)) {
        tokens += window.length();
        windows++;
      }
    }
    Dataset<Row> rows = CorpusReader.readTokens(spark(), result.tokens(), CorpusFormat.PARQUET);
    ValidationReport report =
        TokenRowValidator.validate(
            rows,
            ValidationOptions.defaults()
                .withExpectedD(32)
                .withExpectedDv(32)
                .withStrictPositions(true));

    assertEquals(tokens * 72, rows.count(), "rows = sum of window tokens * 72");
    assertEquals(tokens * 72, result.rows(), "rows in the result");
    assertEquals(tokens, result.tokenCount(), "tokens in the result");
    assertEquals(windows, result.windows(), "windows in the result");
    assertEquals(20, result.documents(), "documents in the result");
    assertEquals(windows * 72, report.keys(), "sequence keys = windows * 72");
    assertEquals(32, report.d(), "d");
    assertEquals(0, report.nullQueryRows(), "every token has a query");
    Assertions.assertTrue(
        Files.exists(Path.of(output, ExtractJob.SUMMARY_FILE)), "summary file in " + output);
    Assertions.assertTrue(seconds < 60, "extraction of 20 documents took " + seconds + " s");
  }

  @Test
  void commandWritesJsonCorpus() {
    String output = dir.resolve("cli").toString();

    int exit =
        SataJobs.execute(
            "extract",
            "--documents",
            "2",
            "--max-tokens",
            "64",
            "--format",
            "json",
            "--output",
            output);

    assertEquals(0, exit, "exit code");
    Dataset<Row> rows =
        CorpusReader.readTokens(spark(), output + "/" + ExtractJob.TOKENS_DIR, CorpusFormat.JSON);
    List<String> columns = List.of(rows.columns());
    assertEquals(
        List.of(
            "seq_id",
            "layer",
            "head",
            "pos",
            "q",
            "k",
            "v",
            "source_file",
            "doc_id",
            "token",
            "window_offset"),
        columns,
        "columns of the JSON corpus (JSON orders extra columns by name)");
    Row first = rows.orderBy("seq_id", "layer", "head", "pos").first();
    assertEquals("[CLS]", first.getAs("token"), "first token of a window");
  }

  @Test
  void maxTokensAboveModelLimitRejected() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = SataJobs.commandLine();
    commandLine.setErr(new PrintWriter(err, true));

    int exit =
        commandLine.execute(
            "extract", "--max-tokens", "600", "--output", dir.resolve("x").toString());

    assertEquals(2, exit, "exit code for an invalid option");
    assertEquals(
        "error: Invalid value for option '--max-tokens': 600; expected 3 to 512 ([CLS] and [SEP]"
            + " included)\n"
            + "Run 'sata extract --help' for the options.",
        err.toString().strip().replace(System.lineSeparator(), "\n"));
  }
}
