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

  private final Map<String, Object> services;

  private ComposeFile(Map<String, Object> services) {
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
      return new ComposeFile((Map<String, Object>) services);
    }
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
