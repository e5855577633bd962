package dev.sundae.testing.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Which environment variables a Spring Boot service reads, decided by Spring itself rather than by
 * a list kept by hand: the variables are turned into property names the way Spring Boot turns the
 * process environment into them ({@code SUNDAE_TENANTS_0_NAME} is {@code sundae.tenants[0].name}),
 * those under the service's own prefix are bound to its {@code @ConfigurationProperties} class and
 * each must be one that the binder consumed, and the others must be properties that the
 * configuration metadata of the jars on the classpath ({@code
 * META-INF/spring-configuration-metadata.json}) declares, such as {@code server.port}.
 */
public final class SpringEnvironment {

  private final List<ConfigurationPropertySource> sources;

  private SpringEnvironment(Map<String, String> variables) {
    var source =
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables));
    List<ConfigurationPropertySource> list = new ArrayList<>();
    ConfigurationPropertySources.from(source).forEach(list::add);
    this.sources = list;
  }

  public static SpringEnvironment of(Map<String, String> variables) {
    return new SpringEnvironment(variables);
  }

  /**
   * Problems, one per variable: binding {@code prefix} to {@code properties} failed or left a
   * variable unread, or a variable outside {@code prefix} is no property Spring Boot knows. Empty
   * when the service reads every variable.
   */
  public List<String> problems(String prefix, Class<?> properties) {
    List<String> problems = new ArrayList<>();
    Binder binder = new Binder(sources, null, ApplicationConversionService.getSharedInstance());
    // every property the binder consumed on the way down the properties class
    Set<ConfigurationPropertyName> bound = new HashSet<>();
    BindHandler recording =
        new AbstractBindHandler() {
          @Override
          public Object onSuccess(
              ConfigurationPropertyName name,
              Bindable<?> target,
              BindContext context,
              Object result) {
            bound.add(name);
            return result;
          }
        };
    try {
      binder.bind(prefix, Bindable.of(properties), recording);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      problems.add(prefix + ": " + e.getMessage() + " (" + cause.getMessage() + ")");
    }
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    Map<String, String> metadata = Metadata.properties();
    for (ConfigurationPropertySource source : sources) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        for (ConfigurationPropertyName name : iterable) {
          if (root.isAncestorOf(name)) {
            if (!bound.contains(name)) {
              problems.add(name + ": not read by " + properties.getSimpleName());
            }
          } else if (!Metadata.declares(metadata, name.toString())) {
            problems.add(name + ": no property of Spring Boot or of the service");
          }
        }
      }
    }
    return problems;
  }

  /** Property names and types from every configuration metadata file on the class path. */
  static final class Metadata {
    private static Map<String, String> cached;

    static synchronized Map<String, String> properties() {
      if (cached == null) {
        Map<String, String> properties = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try {
          for (String file :
              List.of(
                  "META-INF/spring-configuration-metadata.json",
                  "META-INF/additional-spring-configuration-metadata.json")) {
            for (URL url :
                Collections.list(SpringEnvironment.class.getClassLoader().getResources(file))) {
              try (InputStream in = url.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                  properties.put(property.path("name").asText(), property.path("type").asText(""));
                }
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (properties.isEmpty()) {
          throw new IllegalStateException("no Spring configuration metadata on the class path");
        }
        cached = properties;
      }
      return cached;
    }

    /**
     * True for a declared property, or an entry of a declared map ({@code logging.level.x}). A
     * variable's underscores are dots, so {@code SPRING_CONFIG_ADDITIONAL_LOCATION} is {@code
     * spring.config.additional.location}, which Spring Boot reads as {@code
     * spring.config.additional-location} (its legacy form of dashed names).
     */
    static boolean declares(Map<String, String> metadata, String name) {
      if (metadata.containsKey(name)
          || metadata.keySet().stream().anyMatch(key -> key.replace('-', '.').equals(name))) {
        return true;
      }
      return metadata.entrySet().stream()
          .anyMatch(
              e -> e.getValue().startsWith("java.util.Map") && name.startsWith(e.getKey() + "."));
    }
  }
}
