package dev.sata.kernel.bench;

import dev.sata.kernel.TaylorState;

/** Selects the kernel loop implementation of a benchmark fork. */
final class Implementations {

  private Implementations() {}

  /**
   * Sets the system property read by the kernel when it first runs, then checks that the kernel
   * took it. Must run before any kernel operation in the fork.
   *
   * @throws IllegalStateException when the kernel already runs another implementation
   */
  static void select(String implementation) {
    System.setProperty("sata.kernel.implementation", implementation);
    String actual = TaylorState.kernelImplementation();
    if (!actual.startsWith(implementation)) {
      throw new IllegalStateException(
          "benchmark expected the " + implementation + " kernels, but the kernel uses " + actual);
    }
  }
}
