package dev.sundae.tenancy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's configuration as the Spring properties a service binds, {@code
 * sundae.tenants[i].<key>}, and as their environment variables ({@code SUNDAE_TENANTS_<i>_<KEY>},
 * docker-compose.yml's form). The keys are the components of {@link TenantConfig} in Spring's kebab
 * case ({@code queue.dead-letter-url}), derived from the record, so that the record is the one
 * definition of the contract: the test fixtures render with this class, and TenantPropertiesTest
 * binds a rendering back through Spring and checks that docker-compose.yml and
 * tenant-from-kubernetes.yaml name no key the record lacks. A list of records ({@link
 * TenantConfig#looks()}, the apps' look of the catalogue) has no flat form: it is in the operator's
 * YAML rendering only (GatewayTenants), and a service configured by these properties shows the
 * catalogue's names without colours.
 */
public final class TenantProperties {

  /** Where the services bind their list of {@link TenantConfig}. */
  public static final String PREFIX = "sundae.tenants";

  private TenantProperties() {}

  /**
   * Every key of a tenant, in the record's order: {@code environment}, ..., {@code model.version}.
   */
  public static List<String> keys() {
    List<String> keys = new ArrayList<>();
    collectKeys(TenantConfig.class, "", keys);
    return List.copyOf(keys);
  }

  /** {@code sundae.tenants[index].} */
  public static String prefix(int index) {
    return PREFIX + "[" + index + "].";
  }

  /**
   * The properties of {@code tenant} as tenant number {@code index}: lists joined by commas, what
   * is null (a part the service does not use) left out.
   */
  public static Map<String, String> of(int index, TenantConfig tenant) {
    Map<String, String> properties = new LinkedHashMap<>();
    collectValues(tenant, prefix(index), properties);
    return properties;
  }

  /** The properties of every tenant of {@code tenants}, numbered in order. */
  public static Map<String, String> of(List<TenantConfig> tenants) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 0; i < tenants.size(); i++) {
      properties.putAll(of(i, tenants.get(i)));
    }
    return properties;
  }

  private static void collectKeys(Class<?> type, String path, List<String> keys) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (listOfRecords(component)) {
        continue;
      }
      String key = path + kebab(component.getName());
      if (component.getType().isRecord()) {
        collectKeys(component.getType(), key + ".", keys);
      } else {
        keys.add(key);
      }
    }
  }

  private static void collectValues(Object value, String path, Map<String, String> properties) {
    for (RecordComponent component : value.getClass().getRecordComponents()) {
      if (listOfRecords(component)) {
        continue;
      }
      Object part = read(component, value);
      String key = path + kebab(component.getName());
      if (part == null) {
        continue;
      }
      if (component.getType().isRecord()) {
        collectValues(part, key + ".", properties);
      } else if (part instanceof List<?> list) {
        properties.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
      } else {
        properties.put(key, String.valueOf(part));
      }
    }
  }

  private static boolean listOfRecords(RecordComponent component) {
    return component.getGenericType() instanceof java.lang.reflect.ParameterizedType list
        && List.class.isAssignableFrom(component.getType())
        && list.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord();
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  /** {@code deadLetterUrl} -> {@code dead-letter-url}. */
  private static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
