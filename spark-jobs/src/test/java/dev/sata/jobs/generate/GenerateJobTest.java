package dev.sata.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.datasets.CorpusFormat;
import dev.sata.datasets.CorpusReader;
import dev.sata.datasets.TokenRowValidator;
import dev.sata.datasets.TokenRows;
import dev.sata.datasets.ValidationOptions;
import dev.sata.datasets.ValidationReport;
import dev.sata.datasets.synthetic.GaussianCorpus;
import dev.sata.jobs.SataJobs;
import dev.sata.jobs.common.SparkTestBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generate job writes the Gaussian corpus unchanged in every format. */
class GenerateJobTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final GaussianCorpus.Spec SPEC =
      new GaussianCorpus.Spec(6, 5, 2, 37, 1, 2, 0.8, 11L, 10);

  @TempDir Path dir;

  @Test
  void arrowCorpusEqualsGeneratedRows() {
    GenerateResult result =
        GenerateJob.run(
            spark(),
            new GenerateOptions(SPEC, 3, CorpusFormat.ARROW, dir.resolve("g").toString(), false));

    List<Row> written =
        sorted(
            CorpusReader.readTokens(spark(), result.tokens(), CorpusFormat.ARROW)
                .select(columns()));
    List<Row> generated = sorted(GaussianCorpus.generate(spark(), SPEC, 1).select(columns()));

    assertEquals(SPEC.rows(), result.rows(), "rows in the result");
    assertEquals(generated.size(), written.size(), "rows read back");
    for (int i = 0; i < generated.size(); i++) {
      assertEquals(generated.get(i), written.get(i), "row " + i);
    }
  }

  @Test
  void commandWritesValidParquet() {
    String output = dir.resolve("cli").toString();

    int exit =
        SataJobs.execute(
            "generate",
            "--d",
            "4",
            "--dv",
            "3",
            "--sequences",
            "3",
            "--length",
            "50",
            "--heads",
            "2",
            "--chunk-size",
            "16",
            "--partitions",
            "2",
            "--output",
            output);

    assertEquals(0, exit, "exit code");
    ValidationReport report =
        TokenRowValidator.validate(
            CorpusReader.readTokens(spark(), output + "/tokens", CorpusFormat.PARQUET),
            ValidationOptions.defaults().withStrictPositions(true));
    assertEquals(300, report.rows(), "rows = 3 sequences * 2 heads * 50");
    assertEquals(6, report.keys(), "keys");
    assertEquals(4, report.d(), "d");
    assertEquals(3, report.dv(), "dv");
  }

  @Test
  void invalidDimensionRejected() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = SataJobs.commandLine();
    commandLine.setErr(new PrintWriter(err, true));

    int exit = commandLine.execute("generate", "--d", "0", "--output", dir.resolve("x").toString());

    assertEquals(2, exit, "exit code for an invalid option");
    assertEquals(
        "error: Invalid value for option '--d': 0; expected at least 1\n"
            + "Run 'sata generate --help' for the options.",
        err.toString().strip().replace(System.lineSeparator(), "\n"));
  }

  private static org.apache.spark.sql.Column[] columns() {
    return java.util.Arrays.stream(TokenRows.TOKEN_SCHEMA.fieldNames())
        .map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  private static List<Row> sorted(org.apache.spark.sql.Dataset<Row> rows) {
    return rows.orderBy("seq_id", "layer", "head", "pos").collectAsList();
  }
}
