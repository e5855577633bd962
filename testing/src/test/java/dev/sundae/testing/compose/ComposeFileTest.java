package dev.sundae.testing.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * How the services' tests read docker-compose.yml, and what the file must not do: give a secret a
 * default, publish a port beyond the laptop's loopback address, or hand its services tenants other
 * than the Tenants of examples/ as the provision job renders them (the e2e tests run against both).
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
  void repositoryFileServesTheExampleTenantsThroughTheProvisionJobsFile() throws Exception {
    ComposeFile file = ComposeFile.read(REPOSITORY_FILE);
    assertThat(file.tenants())
        .extracting(tenant -> String.valueOf(((Map<?, ?>) tenant.get("metadata")).get("name")))
        .containsExactly("acme", "gelato");

    // the services read the file the provision job writes, from the volume it writes it to, and
    // no service is handed a tenant fact of its own (SUNDAE_TENANTS_<i>_*)
    ComposeFile.Service provision = file.service("provision");
    String tenantsFile = provision.environment().get("SUNDAE_TENANTS_FILE");
    String volume = mountOf(provision, tenantsFile.substring(0, tenantsFile.lastIndexOf('/')));
    List<String> readers = new ArrayList<>();
    for (String name : file.serviceNames()) {
      ComposeFile.Service service = file.service(name);
      assertThat(service.environment().keySet())
          .as("%s's environment", name)
          .noneMatch(
              variable -> variable.startsWith("SUNDAE_TENANTS_") && !name.equals("provision"));
      String location = service.environment().get("SPRING_CONFIG_ADDITIONAL_LOCATION");
      if (location != null) {
        assertThat(location).isEqualTo("file:" + tenantsFile);
        assertThat(mountOf(service, tenantsFile.substring(0, tenantsFile.lastIndexOf('/'))))
            .as("the volume %s reads the tenants file from", name)
            .isEqualTo(volume + ":ro");
        readers.add(name);
      }
    }
    assertThat(readers).containsExactlyInAnyOrder("gateway", "inference", "chat");
  }

  /** The volume or folder a service mounts at {@code target}, with its options. */
  private static String mountOf(ComposeFile.Service service, String target) {
    if (service.definition().get("volumes") instanceof List<?> volumes) {
      for (Object volume : volumes) {
        String[] parts = volume.toString().split(":", 3);
        if (parts.length >= 2 && parts[1].equals(target)) {
          return parts[0] + (parts.length == 3 ? ":" + parts[2] : "");
        }
      }
    }
    throw new AssertionError(service.name() + " mounts nothing at " + target);
  }
}
