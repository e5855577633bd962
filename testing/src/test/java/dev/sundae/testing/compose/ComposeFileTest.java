package dev.sundae.testing.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * How the services' tests read docker-compose.yml, and what the file must not do: give a secret a
 * default, publish a port beyond the laptop's loopback address, or serve sample tenants that differ
 * from the Tenants of examples/ (the e2e tests run against both).
 */
class ComposeFileTest {

  private static final Path REPOSITORY_FILE = Path.of("../docker-compose.yml");

  @Test
  void takesAnOptionalVariableAtItsDefault() {
    assertThat(ComposeFile.interpolate("sundae/gateway:${SUNDAE_TAG:-latest}"))
        .isEqualTo("sundae/gateway:latest");
    assertThat(ComposeFile.interpolate("${SUNDAE_TAG-latest}")).isEqualTo("latest");
    assertThat(ComposeFile.interpolate("x${UNSET}y")).isEqualTo("xy");
  }

  @Test
  void namesARequiredVariableInsteadOfInventingAValue() {
    assertThat(ComposeFile.interpolate("${SUNDAE_DB_PASSWORD:?set it (the superuser's)}"))
        .isEqualTo("<SUNDAE_DB_PASSWORD>");
    assertThat(ComposeFile.interpolate("a ${TOKEN?set TOKEN} b")).isEqualTo("a <TOKEN> b");
  }

  @Test
  void repositoryFileRequiresEverySecretInsteadOfDefaultingIt() throws Exception {
    Matcher matcher = ComposeFile.INTERPOLATION.matcher(Files.readString(REPOSITORY_FILE));
    List<String> secrets = new ArrayList<>();
    List<String> defaulted = new ArrayList<>();
    while (matcher.find()) {
      if (matcher.group(1).matches(".*(SECRET|PASSWORD|TOKEN).*")) {
        secrets.add(matcher.group(1));
        if (matcher.group(4) == null) {
          defaulted.add(matcher.group());
        }
      }
    }
    assertThat(secrets).contains("SUNDAE_DB_PASSWORD", "SUNDAE_BRIDGE_TOKEN");
    assertThat(defaulted).as("secrets with a default or none required").isEmpty();
  }

  @Test
  void repositoryFilePublishesPortsOnTheLoopbackAddressOnly() throws Exception {
    ComposeFile file = ComposeFile.read(REPOSITORY_FILE);
    List<String> published = new ArrayList<>();
    for (String name : file.serviceNames()) {
      if (file.service(name).definition().get("ports") instanceof List<?> ports) {
        ports.forEach(port -> published.add(name + " " + port));
      }
    }
    assertThat(published)
        .hasSizeGreaterThanOrEqualTo(6)
        .allMatch(port -> port.matches("\\S+ 127\\.0\\.0\\.1:\\d+:\\d+"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void repositoryFileServesTheFlavoursOfTheExampleTenants() throws Exception {
    Map<String, String> gateway =
        ComposeFile.read(REPOSITORY_FILE).service("gateway").environment();
    int tenants = 0;
    for (int i = 0; gateway.containsKey("SUNDAE_TENANTS_" + i + "_NAME"); i++, tenants++) {
      String name = gateway.get("SUNDAE_TENANTS_" + i + "_NAME");
      Map<String, Object> tenant;
      try (Reader reader =
          Files.newBufferedReader(Path.of("../examples/tenant-" + name + ".yaml"))) {
        tenant = new Yaml().load(reader);
      }
      List<Map<String, Object>> flavours =
          (List<Map<String, Object>>) ((Map<String, Object>) tenant.get("spec")).get("flavours");
      assertThat(gateway.get("SUNDAE_TENANTS_" + i + "_FLAVOURS"))
          .as("flavours of %s", name)
          .isEqualTo(
              String.join(",", flavours.stream().map(f -> f.get("name").toString()).toList()));
    }
    assertThat(tenants).isEqualTo(2);
  }
}
