package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@WithKubernetes(controllerManager = true)
class KubeControlPlaneIT {

  private static final ResourceDefinitionContext SCOOPS =
      new ResourceDefinitionContext.Builder()
          .withGroup("smoke.sundae.dev")
          .withVersion("v1")
          .withKind("Scoop")
          .withPlural("scoops")
          .withNamespaced(true)
          .build();

  @Test
  void watchesACustomResourceOfANewlyCreatedDefinition(KubeControlPlane cluster) throws Exception {
    try (KubernetesClient client = cluster.newClient()) {
      client.apiextensions().v1().customResourceDefinitions().resource(scoopDefinition()).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName("scoops.smoke.sundae.dev")
                      .get()
                      .getStatus()
                      .getConditions()
                      .stream()
                      .anyMatch(
                          c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));

      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      try (var watch =
          client
              .genericKubernetesResources(SCOOPS)
              .inNamespace("default")
              .watch(
                  new Watcher<GenericKubernetesResource>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                      events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  })) {
        GenericKubernetesResource scoop =
            new GenericKubernetesResourceBuilder()
                .withApiVersion("smoke.sundae.dev/v1")
                .withKind("Scoop")
                .withNewMetadata()
                .withName("vanilla")
                .withNamespace("default")
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("flavour", "vanilla")))
                .build();
        client.genericKubernetesResources(SCOOPS).resource(scoop).create();

        assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED vanilla");
      }
    }
  }

  @Test
  void garbageCollectsADependentWhenItsOwnerIsDeleted(KubeControlPlane cluster) {
    assertThat(cluster.hasControllerManager()).isTrue();
    try (KubernetesClient client = cluster.newClient()) {
      ConfigMap owner =
          client
              .configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("owner")
                      .endMetadata()
                      .addToData("k", "v")
                      .build())
              .create();
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("dependent")
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("ConfigMap")
                  .withName(owner.getMetadata().getName())
                  .withUid(owner.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .build())
          .create();

      client.configMaps().inNamespace("default").withName("owner").delete();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> client.configMaps().inNamespace("default").withName("dependent").get() == null);
    }
  }

  private static CustomResourceDefinition scoopDefinition() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("scoops.smoke.sundae.dev")
        .endMetadata()
        .withNewSpec()
        .withGroup("smoke.sundae.dev")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Scoop")
        .withPlural("scoops")
        .withSingular("scoop")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
