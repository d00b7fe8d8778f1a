package dev.sata.jobs;

import dev.sata.datasets.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions that escape a job into an exit code and one clear message on standard error.
 *
 * <p>Invalid input and invalid option values exit with 2 and print only the message, which names
 * the file, row or option. Any other failure exits with 1 and is logged with its stack trace.
 */
final class JobExceptionHandler implements IExecutionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(JobExceptionHandler.class);

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    Throwable cause = rootInvalidInput(exception);
    if (cause != null) {
      commandLine.getErr().println("error: " + cause.getMessage());
      return 2;
    }
    if (exception instanceof IllegalArgumentException) {
      commandLine.getErr().println("error: " + exception.getMessage());
      return 2;
    }
    LOG.error("Job {} failed", commandLine.getCommandName(), exception);
    commandLine.getErr().println("error: job failed: " + exception);
    return 1;
  }

  /** Finds an {@link InvalidInputException} in the cause chain, also when Spark wrapped it. */
  private static Throwable rootInvalidInput(Throwable throwable) {
    for (Throwable t = throwable; t != null; t = t.getCause()) {
      if (t instanceof InvalidInputException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
