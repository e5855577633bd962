package dev.sundae.inference.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a tenant's model is published: a TorchScript file and, beside it, {@value #LABELS}. A chain
 * publishes a new version by replacing them; the worker notices by the fingerprint.
 */
public interface ModelSource {

  String LABELS = "labels.txt";

  /** A cheap token (ETags, file times) that changes when a new version is published. */
  String fingerprint() throws IOException;

  /** Copies the current version into {@code dir}. */
  ModelFiles fetch(Path dir) throws IOException;

  /** The source's URI, for logs. */
  String uri();
}
