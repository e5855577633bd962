package dev.sundae.testing.compose;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as the services' tests read it: parsed by SnakeYAML (anchors and merge keys
 * resolved, as Compose resolves them), with Compose's {@code ${VAR:-default}} interpolation
 * replaced by the default, which is what a laptop without those variables runs. A variable the file
 * requires ({@code ${VAR:?message}}: the secrets, which have no default) becomes {@code <VAR>},
 * since only its name is known.
 */
public final class ComposeFile {

  /**
   * {@code ${VAR}}, {@code ${VAR:-default}} (or {@code -}), {@code ${VAR:?message}} (or {@code ?})
   */
  public static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Z0-9_]+)(?:(:?-)([^}]*)|(:?\\?)([^}]*))?}");

  private final Path directory;
  private final Map<String, Object> services;

  private ComposeFile(Path directory, Map<String, Object> services) {
    this.directory = directory;
    this.services = services;
  }

  /** docker-compose.yml at the root of the repository, from a module two folders below it. */
  public static ComposeFile ofRepository() throws IOException {
    return read(Path.of(System.getProperty("sundae.compose.file", "../../docker-compose.yml")));
  }

  @SuppressWarnings("unchecked")
  public static ComposeFile read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      Map<String, Object> root = new Yaml(new LoaderOptions()).load(reader);
      Object services = root.get("services");
      if (!(services instanceof Map)) {
        throw new IllegalStateException(file + " has no services");
      }
      return new ComposeFile(file.toAbsolutePath().getParent(), (Map<String, Object>) services);
    }
  }

  /**
   * The Tenant resources compose serves: the {@code kind: Tenant} documents of the YAML files in
   * the folder the provision job reads ({@code SUNDAE_TENANTS_DIR}, bind-mounted from the
   * repository), by file name.
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> tenants() throws IOException {
    Service provision = service("provision");
    String target = provision.environment().get("SUNDAE_TENANTS_DIR");
    Object volumes = provision.definition().get("volumes");
    String source = null;
    if (target != null && volumes instanceof List<?> list) {
      for (Object volume : list) {
        String[] parts = volume.toString().split(":");
        if (parts.length >= 2 && parts[1].equals(target) && parts[0].startsWith(".")) {
          source = parts[0];
        }
      }
    }
    if (source == null) {
      throw new IllegalStateException(
          "the provision job mounts no folder of the repository at SUNDAE_TENANTS_DIR " + target);
    }
    List<Map<String, Object>> tenants = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory.resolve(source).normalize())) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file)) {
        for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
          if (document instanceof Map<?, ?> map && "Tenant".equals(map.get("kind"))) {
            tenants.add((Map<String, Object>) map);
          }
        }
      }
    }
    return tenants;
  }

  public List<String> serviceNames() {
    return List.copyOf(services.keySet());
  }

  public Service service(String name) {
    Object service = services.get(name);
    if (!(service instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + name);
    }
    return new Service(name, map);
  }

  /** One service of the file. */
  public static final class Service {
    private final String name;
    private final Map<?, ?> definition;

    Service(String name, Map<?, ?> definition) {
      this.name = name;
      this.definition = definition;
    }

    public String name() {
      return name;
    }

    /** The image, interpolated; empty when the service is built from a Dockerfile only. */
    public String image() {
      Object image = definition.get("image");
      return image == null ? "" : interpolate(image.toString());
    }

    /** The environment it sets, interpolated (the map form of {@code environment}). */
    public Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      Object value = definition.get("environment");
      if (value instanceof Map<?, ?> map) {
        map.forEach((k, v) -> environment.put(k.toString(), interpolate(String.valueOf(v))));
      } else if (value != null) {
        throw new IllegalStateException(name + ": write environment as a map");
      }
      return environment;
    }

    /** Container ports it publishes ({@code "8081:8080"} gives 8080). */
    public List<Integer> containerPorts() {
      List<Integer> ports = new ArrayList<>();
      Object value = definition.get("ports");
      if (value instanceof List<?> list) {
        for (Object port : list) {
          String text = port.toString();
          ports.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1).split("/")[0]));
        }
      }
      return ports;
    }

    /** The health check's command ({@code healthcheck.test}), interpolated. */
    public List<String> healthcheck() {
      List<String> test = new ArrayList<>();
      if (definition.get("healthcheck") instanceof Map<?, ?> healthcheck
          && healthcheck.get("test") instanceof List<?> parts) {
        parts.forEach(part -> test.add(interpolate(part.toString())));
      }
      return test;
    }

    public Map<?, ?> definition() {
      return definition;
    }
  }

  static String interpolate(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          matcher.group(4) != null
              ? "<" + matcher.group(1) + ">"
              : matcher.group(3) == null ? "" : matcher.group(3);
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
