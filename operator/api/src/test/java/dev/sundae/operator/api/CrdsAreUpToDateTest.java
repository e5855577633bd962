package dev.sundae.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the CRDs in crds/, or their copy in the Helm chart, are not exactly what the
 * CRD generator makes of the model classes in this build, so that nobody edits them by hand and
 * nobody forgets to refresh them.
 */
class CrdsAreUpToDateTest {

  static final String HOW_TO_REFRESH =
      "Regenerate them from the model classes with hack/update-crds.sh"
          + " (or: ./mvnw -pl operator/api -Pupdate-crds process-classes) and commit crds/"
          + " and helm/sundae-operator/crds/.";

  @Test
  void committedCrdsAreWhatTheGeneratorMakesOfTheModel() {
    assertSameAsGenerated(Crds.committedDir(), "crds/");
  }

  @Test
  void helmChartCrdsAreWhatTheGeneratorMakesOfTheModel() {
    assertSameAsGenerated(Crds.chartDir(), "helm/sundae-operator/crds/");
  }

  private static void assertSameAsGenerated(Path dir, String label) {
    Map<String, String> generated = crds(Crds.generatedDir());
    Map<String, String> committed = crds(dir);
    assertThat(generated).as("CRDs generated into " + Crds.generatedDir()).isNotEmpty();

    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(union(generated, committed))) {
      if (!committed.containsKey(name)) {
        problems.add(label + name + " is missing.");
      } else if (!generated.containsKey(name)) {
        problems.add(label + name + " is not generated from any model class any more.");
      } else if (!generated.get(name).equals(committed.get(name))) {
        problems.add(label + name + " is stale: it differs from the generated " + name + ".");
      }
    }
    if (!problems.isEmpty()) {
      fail(String.join("\n", problems) + "\n" + HOW_TO_REFRESH);
    }
  }

  private static Map<String, String> crds(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yml"))
          .collect(
              Collectors.toMap(
                  f -> f.getFileName().toString(),
                  CrdsAreUpToDateTest::read,
                  (a, b) -> a,
                  TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    return names;
  }
}
