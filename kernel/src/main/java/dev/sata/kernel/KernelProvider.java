package dev.sata.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link StateKernels} implementation once per JVM: the Vector API one when the module
 * {@code jdk.incubator.vector} is present (JVM option {@code --add-modules jdk.incubator.vector})
 * and the preferred double vector has at least 2 lanes, otherwise the scalar one, with one warning
 * in the log. The system property {@value #PROPERTY} set to {@code scalar} or {@code vector}
 * overrides the choice; it is read once, when this class initializes (the first feature map or
 * state operation), and {@code vector} without the module is an error.
 */
final class KernelProvider {

  /** System property that forces {@code scalar} or {@code vector}. */
  static final String PROPERTY = "sata.kernel.implementation";

  private static final Logger LOG = LoggerFactory.getLogger(KernelProvider.class);

  private static final StateKernels KERNELS = select();

  private KernelProvider() {}

  /** Returns the implementation picked for this JVM. */
  static StateKernels kernels() {
    return KERNELS;
  }

  private static StateKernels select() {
    String requested = System.getProperty(PROPERTY, "");
    if (requested.equals("scalar")) {
      LOG.info("Using scalar Taylor state kernels ({}=scalar)", PROPERTY);
      return ScalarStateKernels.INSTANCE;
    }
    if (!requested.isEmpty() && !requested.equals("vector")) {
      throw new IllegalArgumentException(
          "system property " + PROPERTY + " must be 'scalar' or 'vector', got '" + requested + "'");
    }

    // the Vector API needs its incubator module in the boot layer
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      if (requested.equals("vector")) {
        throw new IllegalStateException(
            PROPERTY
                + "=vector needs the JVM option --add-modules jdk.incubator.vector, which is missing");
      }
      LOG.warn(
          "Java vector incubation API is not enabled; Taylor state updates use scalar loops. "
              + "Start the JVM with --add-modules jdk.incubator.vector for the SIMD path.");
      return ScalarStateKernels.INSTANCE;
    }
    StateKernels vector = loadVectorKernels();
    if (vector == null) {
      LOG.warn(
          "Preferred double vectors have 1 lane on this CPU; using scalar Taylor state kernels");
      return ScalarStateKernels.INSTANCE;
    }
    LOG.info("Using {} Taylor state kernels", vector.name());
    return vector;
  }

  /**
   * Loads the vector implementation by name, so that this class links without the module, and
   * returns null when its preferred double vector does not have 2, 4 or 8 lanes.
   */
  static StateKernels loadVectorKernels() {
    try {
      Class<?> type = Class.forName("dev.sata.kernel.VectorStateKernels");
      boolean useful = (Boolean) type.getDeclaredMethod("isUsable").invoke(null);
      return useful ? (StateKernels) type.getDeclaredField("INSTANCE").get(null) : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot load the Vector API kernels", e);
    }
  }
}
