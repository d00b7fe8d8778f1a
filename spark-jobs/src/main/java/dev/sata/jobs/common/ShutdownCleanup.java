package dev.sata.jobs.common;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * A cleanup action that runs on {@link #close()} and, if the JVM ends first (Ctrl-C, a signal, a
 * killed driver), from a shutdown hook. The action may run twice, so it must be idempotent.
 *
 * <p>The hook is ordered below Spark's own (priority {@code FileSystem.SHUTDOWN_HOOK_PRIORITY +
 * 30}), so running tasks have stopped when it deletes their files, and above the hook that closes
 * the cached Hadoop file systems, which the action may still need.
 */
public final class ShutdownCleanup implements AutoCloseable {

  private static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

  private final Runnable action;

  private ShutdownCleanup(Runnable action) {
    this.action = action;
  }

  /** Registers {@code action} to run at JVM exit and returns the handle that runs it earlier. */
  public static ShutdownCleanup register(Runnable action) {
    ShutdownCleanup cleanup = new ShutdownCleanup(action);
    ShutdownHookManager.get().addShutdownHook(action, PRIORITY);
    return cleanup;
  }

  /** Removes the hook unless the JVM is already shutting down, then runs the action. */
  @Override
  public void close() {
    if (!ShutdownHookManager.get().isShutdownInProgress()) {
      ShutdownHookManager.get().removeShutdownHook(action);
    }
    action.run();
  }
}
