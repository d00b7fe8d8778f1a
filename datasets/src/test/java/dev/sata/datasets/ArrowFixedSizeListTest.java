package dev.sata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Arrow file laid out as a user's export would be: only the required columns, {@code pos} as
 * int64 and the arrays as {@code fixed_size_list<float32>}, in two record batches.
 */
class ArrowFixedSizeListTest extends SparkTestBase {

  private static final long serialVersionUID = 1L;
  private static final int D = 4;

  @TempDir Path dir;

  @Test
  void fixedSizeListFileReadsWithDefaults() throws IOException {
    Path file = dir.resolve("export.arrow");
    write(file, 7);

    List<Row> rows =
        CorpusReader.readTokens(spark(), file.toString(), CorpusFormat.ARROW)
            .orderBy("pos")
            .collectAsList();

    assertEquals(7, rows.size(), "rows over two batches");
    for (int t = 0; t < rows.size(); t++) {
      Row row = rows.get(t);
      assertEquals("doc-a", row.getString(0), "seq_id of row " + t);
      assertEquals(0, row.getInt(1), "default layer of row " + t);
      assertEquals(0, row.getInt(2), "default head of row " + t);
      assertEquals(t, row.getLong(3), "pos of row " + t);
      assertNull(row.get(4), "q of a file without q is null, row " + t);
      assertArrayEquals(expected(t, 0.5), TokenFixtures.doubles(row, "k"), "k of row " + t);
      assertArrayEquals(expected(t, -1.0), TokenFixtures.doubles(row, "v"), "v of row " + t);
    }
  }

  private static double[] expected(int t, double factor) {
    double[] out = new double[D];
    for (int j = 0; j < D; j++) {
      out[j] = (float) (factor * (t + j / 8.0));
    }
    return out;
  }

  private static void write(Path file, int rows) throws IOException {
    Field item =
        new Field(
            "item",
            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("seq_id", ArrowType.Utf8.INSTANCE),
                Field.nullable("pos", new ArrowType.Int(64, true)),
                new Field("k", FieldType.nullable(new ArrowType.FixedSizeList(D)), List.of(item)),
                new Field("v", FieldType.nullable(new ArrowType.FixedSizeList(D)), List.of(item))));
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      int batch = 4;
      for (int start = 0; start < rows; start += batch) {
        int count = Math.min(batch, rows - start);
        fill(root, start, count);
        writer.writeBatch();
      }
      writer.end();
    }
  }

  private static void fill(VectorSchemaRoot root, int start, int count) {
    root.allocateNew();
    VarCharVector seq = (VarCharVector) root.getVector("seq_id");
    BigIntVector pos = (BigIntVector) root.getVector("pos");
    FixedSizeListVector k = (FixedSizeListVector) root.getVector("k");
    FixedSizeListVector v = (FixedSizeListVector) root.getVector("v");
    for (int i = 0; i < count; i++) {
      int t = start + i;
      seq.setSafe(i, "doc-a".getBytes(StandardCharsets.UTF_8));
      pos.setSafe(i, t);
      k.setNotNull(i);
      v.setNotNull(i);
      for (int j = 0; j < D; j++) {
        ((Float4Vector) k.getDataVector()).setSafe(i * D + j, (float) (0.5 * (t + j / 8.0)));
        ((Float4Vector) v.getDataVector()).setSafe(i * D + j, (float) (-1.0 * (t + j / 8.0)));
      }
    }
    root.setRowCount(count);
  }
}
