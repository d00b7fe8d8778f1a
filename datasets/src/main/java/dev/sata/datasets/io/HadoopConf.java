package dev.sata.datasets.io;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop configuration that Spark can ship to its tasks (Configuration is not Serializable). */
public final class HadoopConf implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient Configuration configuration;

  /** Wraps {@code configuration}; it is copied when serialised, not modified. */
  public HadoopConf(Configuration configuration) {
    this.configuration = configuration;
  }

  /** Returns the wrapped configuration. */
  public Configuration get() {
    return configuration;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    configuration.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    configuration = new Configuration(false);
    configuration.readFields(in);
  }
}
