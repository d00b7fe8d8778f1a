package dev.sata.jobs.niah;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sata.jobs.common.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The niah job in local Spark: retrieval, partition independence and the written outputs. */
class NiahJobTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @TempDir transient Path temp;

  /** Uses Kryo, as conf/spark-defaults.conf does, so that every shipped class must support it. */
  @Override
  public SparkConf conf() {
    return super.conf().set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
  }

  @Test
  void exactRetrievesSharpNeedleAtEveryDepth() {
    NiahOptions options =
        base()
            .tasks(List.of(NiahTask.SINGLE, NiahTask.MULTI_QUERY))
            .headSizes(16)
            .taylorTerms(1, 2)
            .logitScales(40)
            .lengths(1000)
            .capacityMaxLength(1000)
            .output(temp.resolve("sharp").toString())
            .build();

    NiahResult result = NiahJob.run(spark(), options);

    List<NiahCell> exact =
        result.cells().stream().filter(c -> c.terms() == 0 && c.length() == 1000).toList();
    assertEquals(2 * 11, exact.size(), "two tasks x 11 depths");
    for (NiahCell cell : exact) {
      assertEquals(
          1.0, cell.accuracy(), 0, cell.task() + " at depth " + cell.depth() + ": " + cell);
      Assertions.assertTrue(cell.meanNeedleWeight() > 0.5, "needle weight of " + cell);
    }
  }

  @Test
  void resultsIdenticalAcrossPartitionsAndChunks() {
    NiahResult one = runTiny(1, 1000, "p1");
    NiahResult three = runTiny(3, 97, "p3");
    NiahResult eight = runTiny(8, 256, "p8");

    for (NiahResult other : List.of(three, eight)) {
      assertEquals(one.cells().size(), other.cells().size(), "cell count");
      for (int i = 0; i < one.cells().size(); i++) {
        NiahCell a = one.cells().get(i);
        NiahCell b = other.cells().get(i);
        String where = "cell " + i + ": " + a;
        assertEquals(a.accuracy(), b.accuracy(), 0, "accuracy of " + where);
        assertEquals(a.meanCosine(), b.meanCosine(), 1e-9 * Math.abs(a.meanCosine()), where);
        assertEquals(
            a.meanNeedleWeight(),
            b.meanNeedleWeight(),
            1e-9 * Math.abs(a.meanNeedleWeight()),
            "needle weight of " + where);
        assertEquals(a.nonPositiveDenominators(), b.nonPositiveDenominators(), where);
      }
      assertEquals(one.capacity(), other.capacity(), "capacity rows");
    }
  }

  @Test
  void tinySweepWritesEveryOutput() throws IOException {
    Path dir = temp.resolve("tiny");
    NiahOptions options =
        base()
            .tasks(List.of(NiahTask.values()))
            .lengths(64, 256)
            .realTextSentences(80)
            .partitions(3)
            .output(dir.toString())
            .build();

    NiahResult result = NiahJob.run(spark(), options);

    for (String file :
        List.of(
            "summary.json",
            "report.md",
            "capacity.csv",
            "capacity.png",
            "capacity-real-text.png",
            "cells/cells.csv",
            "heatmaps/single-d4-L12-exact.png",
            "heatmaps/multi-value-d4-L12-P3.png",
            "heatmaps/real-text-d4-L12-P1.png",
            "accuracy/multi-key-d4-L8.png",
            "accuracy/real-text-d4-L8.png")) {
      Assertions.assertTrue(Files.size(dir.resolve(file)) > 0, file + " is missing or empty");
    }
    Dataset<Row> parquet = spark().read().parquet(dir.resolve("cells/cells.parquet").toString());
    assertEquals(result.cells().size(), parquet.count(), "Parquet rows");
    long csvRows;
    try (Stream<String> lines = Files.lines(dir.resolve("cells/cells.csv"))) {
      csvRows = lines.count() - 1;
    }
    assertEquals(result.cells().size(), csvRows, "CSV rows");
    assertEquals(5 * 4 * 2, result.capacity().size(), "5 tasks x (exact + 3 P) x 2 scales");
    Assertions.assertTrue(
        result.jobSeconds() > result.sweepSeconds(),
        "job time "
            + result.jobSeconds()
            + " s includes the sweep "
            + result.sweepSeconds()
            + " s and writing the tables");
    String report = Files.readString(dir.resolve("report.md"));
    Assertions.assertTrue(report.contains("## Capacity"), "report has the capacity section");
    Assertions.assertTrue(report.contains("real-text, d = 4"), "report has the real-text table");
    try (Stream<Path> left = Files.list(temp)) {
      Assertions.assertFalse(
          left.anyMatch(p -> p.getFileName().toString().startsWith(".tiny.tmp")),
          "temporary directory left behind");
    }
  }

  private NiahResult runTiny(int partitions, int chunkSize, String name) {
    NiahOptions options =
        base()
            .tasks(
                List.of(
                    NiahTask.SINGLE,
                    NiahTask.MULTI_KEY,
                    NiahTask.MULTI_VALUE,
                    NiahTask.MULTI_QUERY))
            .lengths(300, 1000)
            .partitions(partitions)
            .chunkSize(chunkSize)
            .output(temp.resolve(name).toString())
            .build();
    return NiahJob.run(spark(), options);
  }

  /** Small settings shared by the tests: d = 4, P = 1..3, two logit scales, three trials. */
  private static NiahOptions.Builder base() {
    return NiahOptions.builder()
        .headSizes(4)
        .realTextHeadSizes(4)
        .dv(4)
        .taylorTerms(1, 2, 3)
        .logitScales(8, 12)
        .trials(3)
        .needles(3)
        .seed(5)
        .capacityMaxLength(1000);
  }
}
