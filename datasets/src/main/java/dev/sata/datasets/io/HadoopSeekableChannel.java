package dev.sata.datasets.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop input stream, so that Arrow's file reader
 * (which seeks to the footer first) can read from any Hadoop file system.
 */
final class HadoopSeekableChannel implements SeekableByteChannel {

  private final FSDataInputStream in;
  private final long size;
  private long position;
  private boolean open = true;

  HadoopSeekableChannel(FSDataInputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    if (position >= size) {
      return -1;
    }
    int length = (int) Math.min(destination.remaining(), size - position);
    byte[] bytes = new byte[length];
    in.readFully(position, bytes, 0, length);
    destination.put(bytes);
    position += length;
    return length;
  }

  @Override
  public int write(ByteBuffer source) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) {
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    in.close();
  }
}
