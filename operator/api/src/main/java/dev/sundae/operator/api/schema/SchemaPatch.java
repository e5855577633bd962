package dev.sundae.operator.api.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Merges a JSON object, given as the input of {@code @SchemaCustomizer}, into the schema the CRD
 * generator made for the annotated class: objects merge key by key, anything else replaces. It says
 * what the generator's annotations cannot: list topology, and descriptions of a resource, its spec
 * and its status.
 *
 * <p>The generator's own {@code MergePatchCustomizer} (fabric8 7.5.2) replaces a nested map with
 * the patch's instead of merging the two, dropping every property the patch does not name. Only the
 * CRD generator uses this class: readers of the model never load it.
 */
public class SchemaPatch implements SchemaCustomizer.Customizer {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public JSONSchemaProps apply(
      JSONSchemaProps schema, String patch, KubernetesSerialization serialization) {
    JsonNode merged = merge(serialization.convertValue(schema, JsonNode.class), parse(patch));
    // every field is in the merged document, so the maps it replaces lose nothing
    serialization.mergePatch(schema, serialization.asJson(merged));
    return schema;
  }

  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch;
    }
    ObjectNode result = ((ObjectNode) target).deepCopy();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      result.set(field.getKey(), merge(result.path(field.getKey()), field.getValue()));
    }
    return result;
  }

  private static JsonNode parse(String patch) {
    try {
      return JSON.readTree(patch);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a JSON object: " + patch, e);
    }
  }
}
