package dev.sundae.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A model on a local or mounted file system ({@code file:///models/acme/model.pt}). */
final class FileModelSource implements ModelSource {

  private final Path model;
  private final Path labels;

  FileModelSource(Path model) {
    this.model = model;
    this.labels = model.resolveSibling(LABELS);
  }

  @Override
  public String fingerprint() throws IOException {
    return stamp(model) + "/" + stamp(labels);
  }

  // copied first, so that a file replaced while the engine reads it cannot give a torn model
  @Override
  public ModelFiles fetch(Path dir) throws IOException {
    String fingerprint = fingerprint();
    Path modelCopy =
        Files.copy(model, dir.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    Path labelsCopy = Files.copy(labels, dir.resolve(LABELS), StandardCopyOption.REPLACE_EXISTING);
    return new ModelFiles(modelCopy, labelsCopy, fingerprint);
  }

  @Override
  public String uri() {
    return model.toUri().toString();
  }

  private static String stamp(Path file) throws IOException {
    return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
  }
}
