package dev.sata.jobs;

import dev.sata.jobs.cost.CostCommand;
import dev.sata.jobs.evaluate.EvaluateCommand;
import dev.sata.jobs.extract.ExtractCommand;
import dev.sata.jobs.generate.GenerateCommand;
import dev.sata.jobs.niah.NiahCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the application jar: one subcommand per job.
 *
 * <p>Exit codes: 0 on success, 1 when a job fails at run time, 2 for invalid options or invalid
 * input (the message names the option or the file and row).
 */
@Command(
    name = "sata",
    mixinStandardHelpOptions = true,
    versionProvider = SataJobs.Version.class,
    description = "Evaluate symmetry-aware Taylor approximated attention (SATA) on Apache Spark.",
    subcommands = {
      EvaluateCommand.class,
      NiahCommand.class,
      ExtractCommand.class,
      GenerateCommand.class,
      CostCommand.class
    })
public final class SataJobs implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits the JVM with the job's exit code. */
  public static void main(String[] args) {
    int exitCode = execute(args);
    System.exit(exitCode);
  }

  /** Runs the command line and returns the exit code, without exiting (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** Builds the picocli command line with the project's error handling. */
  public static CommandLine commandLine() {
    JobExceptionHandler errors = new JobExceptionHandler();
    CommandLine commandLine = new CommandLine(new SataJobs());
    commandLine.setExecutionExceptionHandler(errors);
    // a parse error prints its message and a pointer to --help, not the whole usage
    commandLine.setParameterExceptionHandler(errors);

    // Each job inherits --version from the root, so `JOB --version` prints it too.
    for (CommandLine job : commandLine.getSubcommands().values()) {
      job.getCommandSpec().versionProvider(new Version());
    }
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing job: choose one of evaluate, niah, extract, generate, cost");
  }

  /** Reads the version from the jar manifest, if there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SataJobs.class.getPackage().getImplementationVersion();
      return new String[] {"sata " + (version == null ? "(development build)" : version)};
    }
  }
}
