package dev.sundae.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the tests find the CRDs: the generated ones in target/, the committed ones in crds/. */
final class Crds {

  private Crds() {}

  static Path committedDir() {
    return Path.of(System.getProperty("sundae.crds.dir", "../../crds"));
  }

  /** The copy the Helm chart installs. */
  static Path chartDir() {
    return Path.of(System.getProperty("sundae.chart.crds.dir", "../../helm/sundae-operator/crds"));
  }

  static Path generatedDir() {
    return Path.of(System.getProperty("sundae.crds.generated", "target/classes/META-INF/fabric8"));
  }

  /** The CRDs in {@code dir}, sorted by file name. */
  static List<CustomResourceDefinition> load(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yml"))
          .sorted()
          .map(Crds::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
