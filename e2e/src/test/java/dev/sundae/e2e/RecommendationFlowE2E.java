package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import dev.sundae.e2e.support.TenantFacts;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.ObjectStoreSpec.EncryptionKeys;
import dev.sundae.tenancy.Arms;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** A register's whole round trip, token to top 3, for every tenant of the platform at once. */
class RecommendationFlowE2E {

  private final Platform platform = Platform.get();
  private final Gateway gateway = platform.gateway();

  record Outcome(
      String tenant,
      int putStatus,
      int getStatus,
      List<String> flavours,
      String modelVersion,
      long millis,
      String encryption,
      String kmsKeyId) {}

  @Test
  void pinkFramePutsStrawberryFirstForTwoTenantsAtOnce() throws Exception {
    List<String> tenants = platform.tenantNames();
    assertThat(tenants).hasSizeGreaterThanOrEqualTo(2);
    List<Callable<Outcome>> registers = new ArrayList<>();
    for (String tenant : tenants) {
      for (int frame = 0; frame < 3; frame++) {
        long seed = frame;
        registers.add(() -> roundTrip(tenant, Frames.jpeg(Frames.PINK, seed)));
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(registers.size());
    try {
      for (Future<Outcome> outcome : pool.invokeAll(registers)) {
        outcomes.add(outcome.get());
      }
    } finally {
      pool.shutdownNow();
    }

    for (Outcome outcome : outcomes) {
      System.out.printf(
          "%s: %s, %d ms from PUT to top 3%n",
          outcome.tenant(), outcome.flavours(), outcome.millis());
      TenantFacts tenant = platform.facts(outcome.tenant());
      List<String> catalogue = tenant.flavours();
      assertThat(outcome.putStatus()).as("PUT of %s", outcome.tenant()).isEqualTo(200);
      assertThat(outcome.getStatus()).as("GET of %s", outcome.tenant()).isEqualTo(200);
      assertThat(outcome.flavours())
          .as("top 3 of %s", outcome.tenant())
          .hasSize(3)
          .doesNotHaveDuplicates();
      assertThat(catalogue).containsAll(outcome.flavours());
      assertThat(outcome.flavours().get(0)).isEqualTo("strawberry");
      Optional<String> key = expectedKey(tenant);
      if (key.isPresent()) {
        assertThat(outcome.encryption())
            .as(
                "the frame at rest in %s's bucket (SSE-KMS, the tenant's own key)",
                outcome.tenant())
            .isEqualTo("aws:kms");
        assertThat(outcome.kmsKeyId()).isEqualTo("arn:aws:kms:" + key.get());
      } else {
        assertThat(outcome.encryption())
            .as("the frame at rest in %s's bucket (SSE-S3, the store's key)", outcome.tenant())
            .isEqualTo("AES256");
      }
      // the Tenant's version, then the fingerprint of the file the worker loaded; the fingerprint
      // alone where the tenant names no version
      assertThat(outcome.modelVersion())
          .matches(
              tenant.modelVersion().map(v -> Pattern.quote(v + "@")).orElse("") + "[0-9a-f]{12}");
    }
  }

  /**
   * A store's register says it has run out of strawberry: that store's next pink frame gets the
   * model's second and third first, another store's still gets strawberry, and clearing it brings
   * strawberry back.
   */
  @Test
  void aFlavourAStoreHasSoldOutMakesWayForTheNext() {
    String tenant = platform.tenantNames().get(0);
    String token = platform.token(tenant);
    // a store of this run alone: a kept platform may hold earlier runs' rows
    String store = "e2e-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String soldOut = "/v1/stores/" + store + "/sold-out/strawberry";
    byte[] frame = Frames.jpeg(Frames.PINK, 7);
    List<String> before = topThree(tenant, token, store, frame);
    assertThat(before).first().isEqualTo("strawberry");

    assertThat(gateway.call("PUT", soldOut, token).status()).isEqualTo(204);
    try {
      assertThat(gateway.get("/v1/stores/" + store + "/sold-out", token).json().path("soldOut"))
          .hasSize(1);
      List<String> after = topThree(tenant, token, store, frame);
      System.out.printf("%s at %s: %s, strawberry sold out: %s%n", tenant, store, before, after);
      assertThat(after)
          .hasSize(3)
          .doesNotContain("strawberry")
          .startsWith(before.get(1), before.get(2));
      assertThat(topThree(tenant, token, store + "-other", frame)).first().isEqualTo("strawberry");
    } finally {
      assertThat(gateway.call("DELETE", soldOut, token).status()).isEqualTo(204);
    }
    assertThat(topThree(tenant, token, store, frame)).isEqualTo(before);
  }

  /** The top 3 of a session in the model's arm (a held-out one is shown the best sellers). */
  private List<String> topThree(String tenant, String token, String store, byte[] frame) {
    String session = platform.facts(tenant).session(Arms.Arm.MODEL);
    Gateway.Upload upload =
        gateway.requestUpload(token, "image/jpeg", frame.length, store, session);
    assertThat(gateway.put(upload, frame).status()).isEqualTo(200);
    Gateway.Response result = gateway.recommendation(token, upload.requestId(), 10_000);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.flavours();
  }

  /**
   * The KMS key the Environment promises a tenant's objects: a key of its own named as its bucket
   * (encryptionKeys PerTenant: the local run, kind and compose, all with KES), or none (SSE-S3: a
   * local state folder from before KES). On kind and compose it must be the tenant's own.
   */
  private Optional<String> expectedKey(TenantFacts tenant) {
    if (!platform.hasKubernetes()) {
      // compose: what its provisioning job was told (e2e/compose/run.sh copies it)
      assertThat(platform.value("encryption-keys"))
          .as("compose's encryptionKeys (SUNDAE_ENCRYPTION_KEYS of the provision job)")
          .isEqualTo("PerTenant");
      return Optional.of(tenant.bucket());
    }
    EncryptionKeys keys =
        platform
            .kubernetes()
            .resources(Environment.class)
            .withName(platform.environment())
            .get()
            .getSpec()
            .getObjectStore()
            .getEncryptionKeys();
    if (platform.target().equals("kind")) {
      assertThat(keys)
          .as("the kind Environment's encryptionKeys")
          .isEqualTo(EncryptionKeys.PER_TENANT);
    }
    return keys == EncryptionKeys.PER_TENANT ? Optional.of(tenant.bucket()) : Optional.empty();
  }

  private Outcome roundTrip(String tenant, byte[] frame) {
    String token = platform.token(tenant);
    // the model's arm: a held-out session is shown the chain's best sellers (HoldoutE2E)
    String session = platform.facts(tenant).session(Arms.Arm.MODEL);
    Gateway.Upload upload =
        gateway.requestUpload(token, "image/jpeg", frame.length, "e2e-store", session);
    long start = System.nanoTime();
    Gateway.Response put = gateway.put(upload, frame);
    Gateway.Response result = gateway.recommendation(token, upload.requestId(), 10_000);
    long millis = (System.nanoTime() - start) / 1_000_000;
    // path-style signed URL: /<bucket>/<key>
    String[] path = URI.create(upload.url()).getPath().substring(1).split("/", 2);
    HeadObjectResponse head;
    try (S3Client s3 = platform.s3As(tenant)) {
      head = s3.headObject(h -> h.bucket(path[0]).key(path[1]));
    }
    return new Outcome(
        tenant,
        put.status(),
        result.status(),
        result.status() == 200 ? result.flavours() : List.of(),
        result.status() == 200 ? result.json().path("modelVersion").asText() : null,
        millis,
        head.serverSideEncryptionAsString(),
        head.ssekmsKeyId());
  }
}
