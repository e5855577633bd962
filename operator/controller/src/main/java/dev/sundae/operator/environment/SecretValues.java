package dev.sundae.operator.environment;

import dev.sundae.operator.api.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Reads the keys of a Secret an Environment points at; says which key is missing. */
final class SecretValues {

  private final SecretRef ref;
  private final Map<String, String> values;

  private SecretValues(SecretRef ref, Map<String, String> values) {
    this.ref = ref;
    this.values = values;
  }

  static SecretValues read(KubernetesClient client, SecretRef ref) {
    Secret secret = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
    if (secret == null) {
      throw new BackendConfigurationException(
          "Secret " + ref.getNamespace() + "/" + ref.getName() + " does not exist");
    }
    Map<String, String> values = new HashMap<>();
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return new SecretValues(ref, values);
  }

  String require(String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new BackendConfigurationException(
          "Secret " + ref.getNamespace() + "/" + ref.getName() + " has no key '" + key + "'");
    }
    return value;
  }

  /** A fingerprint that changes whenever the Secret's content changes. */
  int fingerprint() {
    return values.hashCode();
  }
}
