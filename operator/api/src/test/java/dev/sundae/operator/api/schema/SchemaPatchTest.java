package dev.sundae.operator.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaPatchTest {

  @Test
  void mergesIntoNestedPropertiesWithoutDroppingTheOthers() {
    JSONSchemaProps schema =
        new JSONSchemaPropsBuilder()
            .withType("object")
            .addToProperties(
                "flavours", new JSONSchemaPropsBuilder().withType("array").withMinItems(3L).build())
            .addToProperties(
                "displayName",
                new JSONSchemaPropsBuilder().withType("string").withDescription("name").build())
            .withRequired("displayName")
            .build();

    JSONSchemaProps patched =
        new SchemaPatch()
            .apply(
                schema,
                """
                {"description": "a tenant",
                 "properties": {"flavours": {"x-kubernetes-list-type": "map",
                                             "x-kubernetes-list-map-keys": ["name"]}}}
                """,
                new KubernetesSerialization());

    assertThat(patched).isSameAs(schema);
    assertThat(patched.getDescription()).isEqualTo("a tenant");
    assertThat(patched.getRequired()).containsExactly("displayName");
    assertThat(patched.getProperties()).containsOnlyKeys("flavours", "displayName");
    assertThat(patched.getProperties().get("displayName").getDescription()).isEqualTo("name");
    JSONSchemaProps flavours = patched.getProperties().get("flavours");
    assertThat(flavours.getMinItems()).isEqualTo(3L);
    assertThat(flavours.getXKubernetesListType()).isEqualTo("map");
    assertThat(flavours.getXKubernetesListMapKeys()).isEqualTo(List.of("name"));
  }
}
