package dev.sata.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sata.datasets.SparkTestBase;
import dev.sata.datasets.TokenRows;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The Gaussian generator: determinism whatever the partitioning, shape, and logit statistics. */
class GaussianCorpusTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final GaussianCorpus.Spec SPEC =
      new GaussianCorpus.Spec(5, 3, 3, 23, 2, 3, 1.5, 42L, 7);

  @Test
  void rowsIdenticalAcrossPartitionings() {
    List<Row> single = sorted(1);

    for (int partitions : new int[] {3, 8}) {
      List<Row> other = sorted(partitions);
      assertEquals(single.size(), other.size(), "row count with " + partitions + " partitions");
      for (int i = 0; i < single.size(); i++) {
        assertEquals(
            single.get(i), other.get(i), "row " + i + " with " + partitions + " partitions");
      }
    }
    assertEquals(SPEC.rows(), single.size(), "rows = sequences * layers * heads * length");
  }

  @Test
  void rowsFollowTheSchemaAndKeys() {
    List<Row> rows = sorted(3);

    assertEquals(
        TokenRows.TOKEN_SCHEMA,
        GaussianCorpus.generate(spark(), SPEC, 2).schema(),
        "schema of generated rows");
    Row first = rows.get(0);
    assertEquals("gauss-0", first.getString(0), "first seq_id");
    assertEquals(5, first.getList(4).size(), "q length");
    assertEquals(5, first.getList(5).size(), "k length");
    assertEquals(3, first.getList(6).size(), "v length");
    Row last = rows.get(rows.size() - 1);
    assertEquals("gauss-2", last.getString(0), "last seq_id");
    assertEquals(1, last.getInt(1), "last layer");
    assertEquals(2, last.getInt(2), "last head");
    assertEquals(22L, last.getLong(3), "last pos");
  }

  @Test
  void chunkMatchesItsRowsInAnyOrder() {
    double[] q = new double[7 * 5];
    double[] k = new double[7 * 5];
    double[] v = new double[7 * 3];
    GaussianCorpus.fillChunk(SPEC, 2, 1, 0, 1, q, k, v);
    double[] q2 = new double[7 * 5];
    double[] k2 = new double[7 * 5];
    double[] v2 = new double[7 * 3];
    GaussianCorpus.fillChunk(SPEC, 0, 0, 0, 0, q2, k2, v2);
    GaussianCorpus.fillChunk(SPEC, 2, 1, 0, 1, q2, k2, v2);

    assertArrayEquals(q, q2, "q of chunk 1 after another chunk");
    assertArrayEquals(k, k2, "k of chunk 1 after another chunk");
    assertArrayEquals(v, v2, "v of chunk 1 after another chunk");

    // The generated rows of positions 7..13 of (gauss-2, layer 1, head 0) hold the same values.
    List<Row> rows =
        GaussianCorpus.generate(spark(), SPEC, 3)
            .filter("seq_id = 'gauss-2' AND layer = 1 AND head = 0 AND pos BETWEEN 7 AND 13")
            .orderBy("pos")
            .collectAsList();
    assertEquals(7, rows.size(), "rows of chunk 1");
    for (int i = 0; i < 7; i++) {
      List<Double> rowK = rows.get(i).getList(5);
      for (int j = 0; j < 5; j++) {
        assertEquals(k[i * 5 + j], rowK.get(j), "k[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void lastChunkIsShorter() {
    assertEquals(4, SPEC.chunksPerKey(), "chunks of 23 positions by 7");
    assertEquals(2, SPEC.chunkLength(3), "positions in the last chunk");
  }

  @Test
  void logitSpreadIsScaleSquared() {
    GaussianCorpus.Spec spec = new GaussianCorpus.Spec(64, 4, 1, 4000, 1, 1, 1.5, 7L, 4000);
    double[] q = new double[4000 * 64];
    double[] k = new double[4000 * 64];
    double[] v = new double[4000 * 4];
    GaussianCorpus.fillChunk(spec, 0, 0, 0, 0, q, k, v);

    double sum = 0;
    double sumSquares = 0;
    for (int t = 0; t < 4000; t++) {
      double logit = 0;
      for (int j = 0; j < 64; j++) {
        logit += q[t * 64 + j] * k[t * 64 + j];
      }
      logit /= Math.sqrt(64);
      sum += logit;
      sumSquares += logit * logit;
    }
    double sd = Math.sqrt(sumSquares / 4000 - (sum / 4000) * (sum / 4000));

    // 1.5^2 = 2.25; the standard error of the estimate is about 2.25 / sqrt(8000) = 0.025.
    assertEquals(2.25, sd, 0.1, "standard deviation of q.k / sqrt(d)");
  }

  @Test
  void invalidSpecNamesOption() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GaussianCorpus.Spec(4, 4, 1, 0, 1, 1, 1.0, 1L, 8));
    assertEquals("Invalid value for option '--length': 0; expected at least 1", error.getMessage());

    IllegalArgumentException scale =
        assertThrows(
            IllegalArgumentException.class,
            () -> new GaussianCorpus.Spec(4, 4, 1, 1, 1, 1, Double.NaN, 1L, 8));
    assertEquals(
        "Invalid value for option '--logit-scale': NaN; expected a positive finite number",
        scale.getMessage());
  }

  @Test
  void shortArrayRejected() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GaussianCorpus.fillChunk(
                    SPEC, 0, 0, 0, 0, new double[34], new double[35], new double[21]));
    Assertions.assertEquals("array q has length 34; expected at least 35", error.getMessage());
  }

  private List<Row> sorted(int partitions) {
    return GaussianCorpus.generate(spark(), SPEC, partitions)
        .orderBy("seq_id", "layer", "head", "pos")
        .collectAsList();
  }
}
