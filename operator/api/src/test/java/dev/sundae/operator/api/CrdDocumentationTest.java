package dev.sundae.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kubectl explain} shows a field's description: every spec and status field needs one. */
class CrdDocumentationTest {

  @Test
  void everySpecAndStatusFieldHasADescription() {
    List<String> undocumented = new ArrayList<>();
    for (CustomResourceDefinition crd : Crds.load(Crds.generatedDir())) {
      JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
      String kind = crd.getSpec().getNames().getKind();
      if (isBlank(root.getDescription())) {
        undocumented.add(kind);
      }
      for (String part : List.of("spec", "status")) {
        JSONSchemaProps schema = root.getProperties().get(part);
        if (isBlank(schema.getDescription())) {
          undocumented.add(kind + "." + part);
        }
        collectUndocumented(kind + "." + part, schema, undocumented);
      }
    }

    assertThat(undocumented)
        .as("fields without @JsonPropertyDescription (see kubectl explain)")
        .isEmpty();
  }

  private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> out) {
    for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
      String propertyPath = path + "." + property.getKey();
      JSONSchemaProps value = property.getValue();
      if (isBlank(value.getDescription())) {
        out.add(propertyPath);
      }
      // conditions are metav1.Condition, documented by Kubernetes itself
      if (!property.getKey().equals("conditions")) {
        collectUndocumented(propertyPath, value, out);
        if (value.getItems() != null && value.getItems().getSchema() != null) {
          collectUndocumented(propertyPath + "[]", value.getItems().getSchema(), out);
        }
      }
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
