package dev.sata.jobs.niah;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code niah} job. */
@Command(name = "niah", mixinStandardHelpOptions = true, description = "The niah job.")
public final class NiahCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("the niah job is not built yet");
  }
}
