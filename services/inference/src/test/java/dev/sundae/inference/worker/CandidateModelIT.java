package dev.sundae.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.inference.Frames;
import dev.sundae.inference.InferenceApplication;
import dev.sundae.inference.TestTenant;
import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.TenantConfig.Candidate;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A candidate model beside the stable one in a real worker (MinIO, ElasticMQ, PostgreSQL): the
 * canary serves exactly its sessions and records its version, a shadow is scored and logged and
 * never shown, and a candidate that cannot load or does not cover the catalogue takes no traffic
 * and says why. The candidates are the reference model with the labels of strawberry and pistachio
 * swapped, so what a candidate scored shows in its first flavour.
 */
@WithMinio
@WithElasticMq
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CandidateModelIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String REFERENCE = "classpath:model/reference/model.pt";
  private static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "strawberry", "pistachio", "mint", "lemon");

  private TestTenant canary;
  private TestTenant shadow;
  private TestTenant unloadable;
  private TestTenant narrow;
  private ConfigurableApplicationContext worker;
  private PostgresServer postgres;

  @BeforeAll
  void startWorker(MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    this.postgres = postgres;
    canary = tenant("canary", minio, sqs);
    canary = canary.withCandidate(candidate(canary, "swapped-2", Candidate.Mode.CANARY, 50));
    publish(canary, resource("model/reference/model.pt"), swapped(labels()));
    shadow = tenant("shadow", minio, sqs);
    shadow = shadow.withCandidate(candidate(shadow, "swapped-2", Candidate.Mode.SHADOW, null));
    publish(shadow, resource("model/reference/model.pt"), swapped(labels()));
    unloadable = tenant("unloadable", minio, sqs);
    unloadable =
        unloadable.withCandidate(candidate(unloadable, "garbage-2", Candidate.Mode.CANARY, 50));
    publish(unloadable, "not TorchScript".getBytes(StandardCharsets.UTF_8), labels());
    // strawberry renamed: the candidate scores one flavour of the catalogue fewer than the stable
    narrow = tenant("narrow", minio, sqs);
    narrow = narrow.withCandidate(candidate(narrow, "narrow-2", Candidate.Mode.CANARY, 50));
    List<String> renamed = new ArrayList<>(labels());
    renamed.set(renamed.indexOf("strawberry"), "raspberry");
    publish(narrow, resource("model/reference/model.pt"), renamed);

    Map<String, String> properties =
        new HashMap<>(TestTenant.properties(List.of(canary, shadow, unloadable, narrow)));
    properties.put("server.port", "0");
    worker =
        new SpringApplicationBuilder(InferenceApplication.class)
            .run(TestTenant.arguments(properties));
  }

  @AfterAll
  void stopWorker() {
    if (worker != null) {
      worker.close();
    }
    for (TestTenant t : List.of(canary, shadow, unloadable, narrow)) {
      t.close();
    }
  }

  @Test
  void aCanaryServesExactlyItsSessionsAndRecordsItsVersion() throws Exception {
    List<UUID> uploads = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      uploads.add(canary.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg"));
    }
    await().atMost(PATIENCE).until(() -> canary.count("recommendation") >= uploads.size());

    int served = 0;
    for (UUID upload : uploads) {
      // no ticket names a session: the upload is its own
      boolean candidate = Arms.candidate("canary", upload.toString(), 50);
      served += candidate ? 1 : 0;
      assertThat(
              text(
                  canary,
                  "SELECT model_version FROM %s.recommendation WHERE request_id = ?",
                  upload))
          .startsWith(candidate ? "swapped-2@" : "test-1@");
      assertThat(canary.recommended(upload).get(0))
          .isEqualTo(candidate ? "pistachio" : "strawberry");
    }
    assertThat(served).as("sessions in the canary").isBetween(5, 25);
    assertThat(canary.count("recommendation WHERE scoring_ms > 0")).isEqualTo(uploads.size());
    assertThat(canary.count("model_load WHERE version = 'swapped-2' AND loaded_at IS NOT NULL"))
        .isOne();
    assertThat(canary.count("shadow_ranking")).isZero();
  }

  @Test
  void aShadowIsScoredOnEveryFrameAndLoggedButNeverShown() throws Exception {
    List<UUID> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      uploads.add(shadow.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg"));
    }
    await().atMost(PATIENCE).until(() -> shadow.count("recommendation") >= uploads.size());

    for (UUID upload : uploads) {
      assertThat(shadow.recommended(upload).get(0)).isEqualTo("strawberry");
      assertThat(
              text(
                  shadow,
                  "SELECT model_version FROM %s.recommendation WHERE request_id = ?",
                  upload))
          .startsWith("test-1@");
      assertThat(
              text(
                  shadow,
                  "SELECT model_version || ' ' || array_to_string(flavours, ',') FROM"
                      + " %s.shadow_ranking WHERE request_id = ? AND scoring_ms > 0",
                  upload))
          .matches("swapped-2@[0-9a-f]{12} pistachio,[a-z]+,[a-z]+");
    }
  }

  @Test
  void aCandidateThatCannotLoadTakesNoTrafficAndSaysWhy() throws Exception {
    assertTakesNoTraffic(unloadable, "garbage-2", "cannot load it");
  }

  @Test
  void aCandidateThatScoresLessOfTheCatalogueTakesNoTrafficAndSaysWhy() throws Exception {
    assertTakesNoTraffic(
        narrow, "narrow-2", "its labels have no score for [strawberry], which the stable model");
  }

  private void assertTakesNoTraffic(TestTenant tenant, String version, String reason)
      throws Exception {
    List<UUID> uploads = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      uploads.add(tenant.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg"));
    }
    await().atMost(PATIENCE).until(() -> tenant.count("recommendation") >= uploads.size());

    // about half are the canary's sessions: all of them served by the stable model
    assertThat(uploads.stream().filter(u -> Arms.candidate(tenant.config.name(), u.toString(), 50)))
        .isNotEmpty();
    assertThat(tenant.count("recommendation WHERE model_version LIKE 'test-1@%'"))
        .isEqualTo(uploads.size());
    for (UUID upload : uploads) {
      assertThat(tenant.recommended(upload).get(0)).isEqualTo("strawberry");
    }
    assertThat(
            text(
                tenant,
                "SELECT failure FROM %s.model_load WHERE version = ? AND loaded_at IS NULL",
                version))
        .contains(reason);
  }

  // --- helpers

  private TestTenant tenant(String name, MinioServer minio, ElasticMqServer sqs) throws Exception {
    return TestTenant.create(
        name, CATALOGUE, REFERENCE, Duration.ofSeconds(30), minio, sqs, postgres);
  }

  private static Candidate candidate(
      TestTenant tenant, String version, Candidate.Mode mode, Integer percent) {
    return new Candidate(
        "s3://" + tenant.config.storage().bucket() + "/models/candidate/model.pt",
        version,
        mode,
        percent);
  }

  private static void publish(TestTenant tenant, byte[] model, List<String> labels) {
    String bucket = tenant.config.storage().bucket();
    tenant.s3.putObject(
        b -> b.bucket(bucket).key("models/candidate/model.pt"), RequestBody.fromBytes(model));
    tenant.s3.putObject(
        b -> b.bucket(bucket).key("models/candidate/labels.txt"),
        RequestBody.fromString(String.join("\n", labels) + "\n"));
  }

  private String text(TestTenant tenant, String sql, Object parameter) throws SQLException {
    try (Connection admin = TestTenant.superuser(postgres);
        var query = admin.prepareStatement(sql.formatted(tenant.config.database().schema()))) {
      query.setObject(1, parameter);
      try (var rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static List<String> swapped(List<String> labels) {
    List<String> swapped = new ArrayList<>(labels);
    Collections.swap(swapped, swapped.indexOf("strawberry"), swapped.indexOf("pistachio"));
    return swapped;
  }

  private static List<String> labels() throws Exception {
    return List.of(
        new String(resource("model/reference/labels.txt"), StandardCharsets.UTF_8).split("\n"));
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = CandidateModelIT.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
