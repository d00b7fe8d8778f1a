package dev.sata.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The shared local Spark session starts and runs a shuffle with the project's JVM flags. */
class SparkSetupTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @Test
  void localSessionRunsAShuffle() {
    Dataset<Row> counts =
        spark().range(0, 1000).groupBy(org.apache.spark.sql.functions.expr("id % 7")).count();

    List<Row> rows = counts.collectAsList();

    assertEquals(7, rows.size(), "groups of id % 7");
    assertEquals(1000L, rows.stream().mapToLong(r -> r.getLong(1)).sum(), "total count");
  }
}
