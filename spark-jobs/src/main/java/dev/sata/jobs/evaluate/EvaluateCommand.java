package dev.sata.jobs.evaluate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code evaluate} job. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "The evaluate job.")
public final class EvaluateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the evaluate job is not built yet");
  }
}
