package dev.sundae.testing.compose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * What docker-compose.yml must agree on with a Spring Boot service of this repository: the image is
 * the one Jib builds from the module, every variable is one the service reads, and the port it
 * publishes and health-checks is the one the service listens on. Each service module's
 * ComposeFileTest calls it; the module's pom hands over its image name (system properties {@code
 * sundae.image}, name and tag, and {@code sundae.image.skip}, from the root pom's {@code image.*}
 * properties).
 */
public final class ComposeServiceCheck {

  private final ComposeFile.Service service;

  private ComposeServiceCheck(ComposeFile.Service service) {
    this.service = service;
  }

  public static ComposeServiceCheck of(String serviceName) throws IOException {
    return new ComposeServiceCheck(ComposeFile.ofRepository().service(serviceName));
  }

  public ComposeFile.Service service() {
    return service;
  }

  /** Problems with the image: not the one {@code -Pimages} builds from this module. */
  public List<String> imageProblems() {
    List<String> problems = new ArrayList<>();
    String image = System.getProperty("sundae.image");
    if (image == null) {
      problems.add("the module's pom does not pass sundae.image to its tests");
      return problems;
    }
    if (!"false".equals(System.getProperty("sundae.image.skip"))) {
      problems.add("the module builds no image: set <image.skip>false</image.skip> in its pom");
    }
    // the project's version, not :latest, so a compose file runs the images of its own release
    if (!service.image().equals(image)) {
      problems.add(service.name() + " runs " + service.image() + ", but -Pimages builds " + image);
    }
    return problems;
  }

  /**
   * Problems with the environment: variables that the service does not read, leaving out {@code
   * readByMain}, variables the service's {@code main} reads before Spring starts (TrustedCas's),
   * which no properties class binds.
   */
  public List<String> environmentProblems(
      String prefix, Class<?> properties, Collection<String> readByMain) {
    Map<String, String> variables = new LinkedHashMap<>(service.environment());
    variables.keySet().removeAll(readByMain);
    return SpringEnvironment.of(variables).problems(prefix, properties);
  }

  /** The port the service listens on with the compose environment. */
  public int listeningPort(String applicationYaml) throws IOException {
    return binder(applicationYaml).bind("server.port", Integer.class).orElse(8080);
  }

  /** The port actuator listens on when it has one of its own (management.server.port). */
  public Optional<Integer> managementPort(String applicationYaml) throws IOException {
    Integer port =
        binder(applicationYaml).bind("management.server.port", Integer.class).orElse(null);
    return Optional.ofNullable(port);
  }

  private Binder binder(String applicationYaml) throws IOException {
    List<PropertySource<?>> sources = new ArrayList<>();
    Map<String, String> variables = new HashMap<>(service.environment());
    sources.add(
        new org.springframework.core.env.SystemEnvironmentPropertySource(
            "systemEnvironment", new HashMap<>(variables)));
    sources.addAll(
        new YamlPropertySourceLoader()
            .load(applicationYaml, new ClassPathResource(applicationYaml)));
    return new Binder(ConfigurationPropertySources.from(sources));
  }

  /** Problems with ports: published or health-checked elsewhere than where the service listens. */
  public List<String> portProblems(String applicationYaml, String healthPath) throws IOException {
    List<String> problems = new ArrayList<>();
    int port = listeningPort(applicationYaml);
    if (!service.containerPorts().equals(List.of(port))) {
      problems.add(
          service.name() + " publishes " + service.containerPorts() + " but listens on " + port);
    }
    // actuator answers on management.server.port when the service has one (never published)
    int healthPort = managementPort(applicationYaml).orElse(port);
    String health = String.join(" ", service.healthcheck());
    if (!health.contains("http://127.0.0.1:" + healthPort + healthPath)) {
      problems.add(
          service.name() + " checks its health with [" + health + "], not on " + healthPort);
    }
    if (health.contains("dev.sundae.tenancy.health.HealthCheck")) {
      try {
        Class.forName("dev.sundae.tenancy.health.HealthCheck");
      } catch (ClassNotFoundException e) {
        problems.add("the health check's class is not on the service's class path");
      }
    }
    return problems;
  }
}
