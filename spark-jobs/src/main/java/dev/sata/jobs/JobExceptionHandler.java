package dev.sata.jobs;

import dev.sata.datasets.InvalidInputException;
import java.io.PrintWriter;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns errors into an exit code and a short message on standard error.
 *
 * <p>A {@link ParameterException} (an option that picocli cannot parse, or that a command rejects
 * this way) exits with 2 and prints the message and one line that points to {@code --help}, in
 * place of the full usage. Invalid input ({@link InvalidInputException}) and other invalid option
 * values ({@link IllegalArgumentException}) exit with 2 and print the message, which names the file
 * and row or the option, followed by the {@code --help} line when it names an option. A failure
 * while the JVM shuts down (Ctrl-C, a signal) exits with 130 and one line. Any other failure exits
 * with 1 and is logged with its stack trace.
 */
final class JobExceptionHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(JobExceptionHandler.class);

  /** Start of the messages of rejected option values, which get the same hint as parse errors. */
  private static final String INVALID_OPTION = "Invalid value for option";

  /** Exit code of a job ended by a signal, as shells report a process ended by SIGINT. */
  private static final int INTERRUPTED = 130;

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("error: " + exception.getMessage());
    UnmatchedArgumentException.printSuggestions(exception, err);
    err.println(helpHint(commandLine));
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

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
      if (String.valueOf(exception.getMessage()).startsWith(INVALID_OPTION)) {
        commandLine.getErr().println(helpHint(commandLine));
      }
      return 2;
    }
    if (ShutdownHookManager.get().isShutdownInProgress()) {
      // Ctrl-C or a signal stopped Spark under the job, so its stack trace adds nothing
      commandLine
          .getErr()
          .println(
              "error: " + commandLine.getCommandName() + " interrupted: the JVM is shutting down");
      return INTERRUPTED;
    }
    LOG.error("Job {} failed", commandLine.getCommandName(), exception);
    commandLine.getErr().println("error: job failed: " + exception);
    return 1;
  }

  /** Returns the line that points to the help of the command, e.g. {@code sata evaluate --help}. */
  private static String helpHint(CommandLine commandLine) {
    boolean root = commandLine.getParent() == null;
    return "Run '"
        + commandLine.getCommandSpec().qualifiedName()
        + " --help' for "
        + (root ? "the jobs." : "the options.");
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
