package dev.sata.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sata.datasets.CorpusFormat;
import dev.sata.jobs.common.SparkTestBase;
import dev.sata.jobs.evaluate.EvaluateOptions.RouteChoice;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost figures of the evaluate summary for a {@code P} whose state exceeds the long range. */
class EvaluateCostFiguresTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;

  @TempDir transient Path root;

  /** The pairwise route needs no state, so P = 16 at d = 128 runs and its state size is exact. */
  @Test
  void pairwiseRouteReportsExactStateSize() throws Exception {
    TokenFixture.Sequence sequence =
        TokenFixture.gaussian("wide", 0, 0, 12, 128, 2, 0.1, new Random(3));
    String input =
        TokenFixture.write(
            spark(),
            root.resolve("tokens").toString(),
            TokenFixture.rows(List.of(sequence), 5),
            1,
            CorpusFormat.PARQUET);
    EvaluateOptions options =
        EvaluateOptions.builder()
            .input(input)
            .terms(2, 16)
            .route(RouteChoice.PAIRWISE)
            .output(root.resolve("out").toString())
            .build();

    EvaluateResult result = EvaluateJob.run(spark(), options);

    JsonNode summary =
        new ObjectMapper().readTree(Path.of(result.outputDir(), "summary.json").toFile());
    JsonNode p16 = summary.get("per_terms").get(1);
    BigInteger features = new BigInteger("76435265515004093841"); // binom(143, 15)
    assertEquals(16, p16.get("taylor_terms").asInt(), "second row is P = 16: " + p16);
    assertEquals(
        features.multiply(BigInteger.valueOf(3)),
        p16.get("state_size_numbers").bigIntegerValue(),
        "state D (dv + 1): " + p16);
    assertEquals(
        features.multiply(BigInteger.valueOf(24)),
        p16.get("state_size_bytes").bigIntegerValue(),
        "float64 bytes: " + p16);
  }
}
