package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.compose.ComposeFile;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What the four places that run the backends (the tests, hack/run-local.sh, docker compose, the
 * kind cluster) must agree on, where one of them is YAML that cannot call {@link ServerCommands}:
 * the variables KES's one configuration reads, and the image tags compose and kind fall back to,
 * which are renderings of hack/versions.env.
 */
class BackendContractTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SUNDAE_KES_[A-Z_]+)}");
  private static final Pattern IMAGE_DEFAULT =
      Pattern.compile("\\$\\{(SUNDAE_[A-Z_]+_IMAGE):-([^}]+)}");

  @Test
  void everyPlaceThatRunsKesGivesExactlyTheVariablesItsConfigurationReads() throws IOException {
    Set<String> read = new TreeSet<>();
    Matcher placeholders =
        PLACEHOLDER.matcher(Files.readString(ROOT.resolve("hack/kes/config.yml")));
    while (placeholders.find()) {
      read.add(placeholders.group(1));
    }
    assertThat(read).hasSize(6);

    Set<String> tests =
        ServerCommands.kesEnvironment(
                "a", new ServerCommands.Tls(Path.of("c"), Path.of("k")), "i", Path.of("s"), "1s")
            .keySet();
    assertThat(new TreeSet<>(tests)).as("ServerCommands (tests, run-local.sh)").isEqualTo(read);

    ComposeFile.Service kes = ComposeFile.read(ROOT.resolve("docker-compose.yml")).service("kes");
    Set<String> compose = new TreeSet<>(kes.environment().keySet());
    Matcher exported =
        Pattern.compile("(SUNDAE_KES_[A-Z_]+)=")
            .matcher(String.valueOf(kes.definition().get("entrypoint")));
    while (exported.find()) {
      compose.add(exported.group(1));
    }
    assertThat(compose).as("docker-compose.yml's kes").isEqualTo(read);

    assertThat(kindKesEnvironment()).as("e2e/kind/backends.yaml's kes").isEqualTo(read);
  }

  @Test
  void elasticMqIsToldOnlyWhatItsConfigurationReads() throws IOException {
    Set<String> read = new TreeSet<>();
    Matcher placeholders =
        Pattern.compile("\\$\\{\\?(SUNDAE_SQS_[A-Z_]+)}")
            .matcher(Files.readString(ROOT.resolve("hack/elasticmq/elasticmq.conf")));
    while (placeholders.find()) {
      read.add(placeholders.group(1));
    }
    assertThat(
            ServerCommands.elasticmqEnvironment(
                    "http", "h", 1, 2, "r", java.util.Optional.of(Path.of("/d")))
                .keySet())
        .as("ServerCommands (tests, run-local.sh)")
        .containsExactlyInAnyOrderElementsOf(read);
    Set<String> told =
        new TreeSet<>(
            ComposeFile.read(ROOT.resolve("docker-compose.yml"))
                .service("elasticmq")
                .environment()
                .keySet());
    Matcher kind =
        Pattern.compile("SUNDAE_SQS_[A-Z_]+")
            .matcher(Files.readString(ROOT.resolve("e2e/kind/backends.yaml")));
    while (kind.find()) {
      told.add(kind.group());
    }
    assertThat(read).as("what compose and kind set").containsAll(told);
  }

  @Test
  void composeAndKindFallBackToTheSameImagesAtThePinnedVersions() throws IOException {
    Map<String, String> compose = imageDefaults(ROOT.resolve("docker-compose.yml"));
    Map<String, String> kind = imageDefaults(ROOT.resolve("e2e/kind/backends.yaml"));
    kind.forEach(
        (variable, image) ->
            assertThat(compose.get(variable))
                .as(variable + " in compose and kind")
                .isEqualTo(image));

    Properties versions = new Properties();
    try (Reader reader = Files.newBufferedReader(ROOT.resolve("hack/versions.env"))) {
      versions.load(reader);
    }
    String elasticMq = pomProperty("elasticmq.version");
    assertThat(compose)
        .containsEntry(
            "SUNDAE_KES_IMAGE", "sundae-local/kes:" + versions.getProperty("KES_VERSION"))
        .containsEntry(
            "SUNDAE_KEYCLOAK_IMAGE",
            "quay.io/keycloak/keycloak:" + versions.getProperty("KEYCLOAK_VERSION"))
        .containsEntry("SUNDAE_ELASTICMQ_IMAGE", "softwaremill/elasticmq-native:" + elasticMq)
        .containsEntry(
            "SUNDAE_POSTGRES_IMAGE",
            "postgres:" + versions.getProperty("POSTGRES_MAJOR") + "-bookworm");
  }

  private static Map<String, String> imageDefaults(Path file) throws IOException {
    Map<String, String> defaults = new TreeMap<>();
    Matcher matcher = IMAGE_DEFAULT.matcher(Files.readString(file));
    while (matcher.find()) {
      String earlier = defaults.putIfAbsent(matcher.group(1), matcher.group(2));
      assertThat(earlier == null || earlier.equals(matcher.group(2)))
          .as(matcher.group(1) + " has one default in " + file)
          .isTrue();
    }
    return defaults;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> kindKesEnvironment() throws IOException {
    Set<String> names = new TreeSet<>();
    List<Object> documents = new ArrayList<>();
    // e2e/kind/run.sh fills the @NAME@ placeholders (ports, secrets) before YAML is read
    String text =
        Files.readString(ROOT.resolve("e2e/kind/backends.yaml")).replaceAll("@[A-Z_]+@", "0");
    new Yaml(new LoaderOptions()).loadAll(text).forEach(documents::add);
    for (Object document : documents) {
      if (!(document instanceof Map<?, ?> resource)
          || !"Deployment".equals(resource.get("kind"))
          || !"kes".equals(((Map<String, Object>) resource.get("metadata")).get("name"))) {
        continue;
      }
      Map<String, Object> template =
          (Map<String, Object>) ((Map<String, Object>) resource.get("spec")).get("template");
      for (Object container :
          (List<Object>) ((Map<String, Object>) template.get("spec")).get("containers")) {
        for (Object variable : (List<Object>) ((Map<String, Object>) container).get("env")) {
          names.add(String.valueOf(((Map<String, Object>) variable).get("name")));
        }
      }
    }
    return names;
  }

  private static String pomProperty(String name) throws IOException {
    Matcher matcher =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(matcher.find()).as(name + " in pom.xml").isTrue();
    return matcher.group(1);
  }
}
