package dev.sata.jobs.extract;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code extract} job. */
@Command(name = "extract", mixinStandardHelpOptions = true, description = "The extract job.")
public final class ExtractCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the extract job is not built yet");
  }
}
