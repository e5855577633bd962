package dev.sundae.inference.model;

import ai.djl.engine.Engine;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine once per process with the configured thread counts. PyTorch reads
 * them when the engine starts, and only then, so this runs before any model is loaded.
 */
public final class DjlEngine {

  private DjlEngine() {}

  /**
   * @param intraOpThreads threads one operator (a convolution) may use; 0 means one per core
   * @param interOpThreads threads for independent operators of one graph
   */
  public static synchronized Engine start(int intraOpThreads, int interOpThreads) {
    // the native library comes from the pytorch-native-cpu jar; never download one
    System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
    int intra = intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intra));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOpThreads));
    if (intra > 1 && System.getenv("OMP_WAIT_POLICY") == null) {
      LoggerFactory.getLogger(DjlEngine.class)
          .warn(
              "OMP_WAIT_POLICY is not set: PyTorch's threads will spin between operators and stall"
                  + " when the CPU is busy or limited; set OMP_WAIT_POLICY=PASSIVE");
    }
    return Engine.getEngine("PyTorch");
  }
}
