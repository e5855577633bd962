package dev.sundae.inference.model;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A model bundled in the worker's jar, such as the reference model: it never changes. */
final class ClasspathModelSource implements ModelSource {

  private final String model;
  private final String labels;

  ClasspathModelSource(String resource) {
    this.model = resource.startsWith("/") ? resource.substring(1) : resource;
    int slash = model.lastIndexOf('/');
    this.labels = (slash < 0 ? "" : model.substring(0, slash + 1)) + LABELS;
  }

  @Override
  public String fingerprint() {
    return "classpath";
  }

  @Override
  public ModelFiles fetch(Path dir) throws IOException {
    return new ModelFiles(
        copy(model, dir.resolve("model.pt")), copy(labels, dir.resolve(LABELS)), fingerprint());
  }

  @Override
  public String uri() {
    return "classpath:" + model;
  }

  private static Path copy(String resource, Path target) throws IOException {
    try (InputStream in =
        ClasspathModelSource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new FileNotFoundException("no class path resource " + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
  }
}
