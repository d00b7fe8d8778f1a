package dev.sata.jobs.cost;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code cost} job. */
@Command(name = "cost", mixinStandardHelpOptions = true, description = "The cost job.")
public final class CostCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the cost job is not built yet");
  }
}
