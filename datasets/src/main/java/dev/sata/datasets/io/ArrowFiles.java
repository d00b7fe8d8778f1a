package dev.sata.datasets.io;

import dev.sata.datasets.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads and writes Arrow IPC files (the random-access file format) with Arrow Java, one file per
 * Spark task, through the Hadoop file system API. Column types map as {@link ArrowTypes} describes.
 */
public final class ArrowFiles {

  /** Rows per record batch when writing. */
  static final int BATCH_ROWS = 4096;

  private ArrowFiles() {}

  /**
   * Returns the Spark schema of an Arrow file, read from its footer.
   *
   * @throws InvalidInputException when the file is not a complete Arrow IPC file or has a column
   *     type the reader does not support
   */
  public static StructType schema(String file, Configuration conf) {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowFileReader reader = open(file, conf, allocator)) {
      return ArrowTypes.toSpark(reader.getVectorSchemaRoot().getSchema(), file);
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Returns the rows of one Arrow file, one record batch in memory at a time. Each row contains the
   * columns of {@code columns} (matched by name) followed by {@code file} as the source file name.
   * The file is closed when the rows are exhausted or the Spark task ends.
   */
  public static Iterator<Row> readRows(String file, Configuration conf, StructType columns) {
    return new RowIterator(file, conf, columns);
  }

  /**
   * Writes rows into one Arrow IPC file (created or replaced), in record batches of {@value
   * #BATCH_ROWS} rows, and returns the number of rows written.
   *
   * @param schema the Spark schema of {@code rows}; arrays become {@code list<item: T>}
   */
  public static long writeRows(
      Iterator<Row> rows, StructType schema, String file, Configuration conf) {
    Path path = new Path(file);
    long written = 0;
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(schema), allocator);
        FSDataOutputStream out = path.getFileSystem(conf).create(path, true);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      do {
        int count = fillBatch(root, rows);
        if (count > 0 || written == 0) {
          writer.writeBatch();
        }
        written += count;
      } while (rows.hasNext());
      writer.end();
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write Arrow file " + file, e);
    }
  }

  private static int fillBatch(VectorSchemaRoot root, Iterator<Row> rows) {
    root.allocateNew();
    List<FieldVector> vectors = root.getFieldVectors();
    int count = 0;
    while (count < BATCH_ROWS && rows.hasNext()) {
      Row row = rows.next();
      for (int column = 0; column < vectors.size(); column++) {
        FieldVector vector = vectors.get(column);
        if (row.isNullAt(column)) {
          setNull(vector, count);
        } else if (vector instanceof ListVector list) {
          setList(list, count, row.getList(column));
        } else {
          setValue(vector, count, row.get(column));
        }
      }
      count++;
    }
    root.setRowCount(count);
    return count;
  }

  /** Marks a null; fixed-width and string vectors are null until set, lists need their offsets. */
  private static void setNull(FieldVector vector, int index) {
    if (vector instanceof ListVector list) {
      list.setNull(index);
    }
  }

  private static void setList(ListVector list, int index, List<Object> elements) {
    int start = list.startNewValue(index);
    FieldVector data = list.getDataVector();
    for (int j = 0; j < elements.size(); j++) {
      if (elements.get(j) != null) {
        setValue(data, start + j, elements.get(j));
      }
    }
    list.endValue(index, elements.size());
  }

  private static void setValue(FieldVector vector, int index, Object value) {
    if (vector instanceof VarCharVector strings) {
      strings.setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof Float8Vector doubles) {
      doubles.setSafe(index, ((Number) value).doubleValue());
    } else if (vector instanceof Float4Vector floats) {
      floats.setSafe(index, ((Number) value).floatValue());
    } else if (vector instanceof IntVector ints) {
      ints.setSafe(index, ((Number) value).intValue());
    } else if (vector instanceof BigIntVector longs) {
      longs.setSafe(index, ((Number) value).longValue());
    } else if (vector instanceof SmallIntVector shorts) {
      shorts.setSafe(index, ((Number) value).shortValue());
    } else if (vector instanceof TinyIntVector bytes) {
      bytes.setSafe(index, ((Number) value).byteValue());
    } else if (vector instanceof BitVector bits) {
      bits.setSafe(index, ((Boolean) value) ? 1 : 0);
    } else {
      throw new IllegalStateException("no Arrow setter for " + vector.getField());
    }
  }

  private static ArrowFileReader open(String file, Configuration conf, BufferAllocator allocator)
      throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    long size = fs.getFileStatus(path).getLen();
    ArrowFileReader reader =
        new ArrowFileReader(new HadoopSeekableChannel(fs.open(path), size), allocator);
    reader.initialize();
    return reader;
  }

  static InvalidInputException unreadable(String file, Exception cause) {
    if (cause instanceof InvalidInputException invalid) {
      return invalid;
    }
    return new InvalidInputException(
        "Cannot read Arrow IPC file "
            + file
            + ": "
            + cause.getMessage()
            + "; expected a complete Arrow IPC file (file format, not stream format)",
        cause);
  }

  /** Reads the values of one row of a vector as the Java object Spark expects for its type. */
  static Object value(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof ListVector list) {
      return elements(
          list.getDataVector(), list.getElementStartIndex(index), list.getElementEndIndex(index));
    }
    if (vector instanceof FixedSizeListVector list) {
      int start = index * list.getListSize();
      return elements(list.getDataVector(), start, start + list.getListSize());
    }
    if (vector instanceof VarCharVector strings) {
      return new String(strings.get(index), StandardCharsets.UTF_8);
    }
    return vector.getObject(index);
  }

  private static Object[] elements(FieldVector data, int start, int end) {
    Object[] out = new Object[end - start];
    for (int j = start; j < end; j++) {
      out[j - start] = data.isNull(j) ? null : data.getObject(j);
    }
    return out;
  }

  /** Iterates over the rows of one file, batch by batch. */
  private static final class RowIterator implements Iterator<Row> {
    private final String file;
    private final StructType columns;
    private final BufferAllocator allocator;
    private final ArrowFileReader reader;
    private Iterator<Row> batch = Collections.emptyIterator();
    private boolean closed;

    RowIterator(String file, Configuration conf, StructType columns) {
      this.file = file;
      this.columns = columns;
      this.allocator = new RootAllocator();
      try {
        this.reader = open(file, conf, allocator);
      } catch (IOException | RuntimeException e) {
        allocator.close();
        throw unreadable(file, e);
      }
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(
            (org.apache.spark.util.TaskCompletionListener) context -> close());
      }
    }

    @Override
    public boolean hasNext() {
      try {
        while (!batch.hasNext() && !closed) {
          if (reader.loadNextBatch()) {
            batch = rows(reader.getVectorSchemaRoot()).iterator();
          } else {
            close();
          }
        }
        return batch.hasNext();
      } catch (IOException | RuntimeException e) {
        close();
        throw unreadable(file, e);
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.next();
    }

    private List<Row> rows(VectorSchemaRoot root) {
      StructField[] fields = columns.fields();
      FieldVector[] vectors = new FieldVector[fields.length];
      for (int c = 0; c < fields.length; c++) {
        vectors[c] = root.getVector(fields[c].name());
        if (vectors[c] == null) {
          throw new InvalidInputException(
              "Missing column '" + fields[c].name() + "' in " + file + "; the first file has it");
        }
      }
      List<Row> rows = new ArrayList<>(root.getRowCount());
      for (int r = 0; r < root.getRowCount(); r++) {
        Object[] values = new Object[fields.length + 1];
        for (int c = 0; c < fields.length; c++) {
          values[c] = value(vectors[c], r);
        }
        values[fields.length] = file;
        rows.add(RowFactory.create(values));
      }
      return rows;
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close Arrow file " + file, e);
      } finally {
        allocator.close();
      }
    }
  }
}
