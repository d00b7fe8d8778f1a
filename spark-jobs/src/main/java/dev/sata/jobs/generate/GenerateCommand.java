package dev.sata.jobs.generate;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code generate} job. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "The generate job.")
public final class GenerateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the generate job is not built yet");
  }
}
