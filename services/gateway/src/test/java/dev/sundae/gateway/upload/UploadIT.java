package dev.sundae.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.SignedUpload;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.messages.Item;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Signed upload URLs against a real MinIO: one key, one type, one size, one use, one tenant. */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"sundae.uploads.expiry=5s", "sundae.uploads.max-size=1KB"})
class UploadIT {

  private static final Duration EXPIRY = Duration.ofSeconds(5);
  private static final byte[] FRAME = "not really a jpeg, but MinIO does not look".getBytes();

  private static TestTenants tenants;
  private static String minioEndpoint;
  private static TestTenant a;
  private static TestTenant b;

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlers;

  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    minioEndpoint = minio.endpoint();
    a = tenants.add("tenant_a", List.of("vanilla", "chocolate"), Optional.empty());
    b = tenants.add("tenant_b", List.of("vanilla", "mango"), Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 2, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void signsAUrlThatStoresTheFrameWithItsContentType() throws Exception {
    Instant before = Instant.now();
    Api.Response created = api.post("/v1/uploads", tenants.token(a), jpeg(FRAME.length));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    SignedUpload upload = SignedUpload.of(created);
    assertThat(created.header("Location")).isEqualTo("/v1/recommendations/" + upload.requestId());
    assertThat(upload.method()).isEqualTo("PUT");
    assertThat(upload.url())
        .startsWith(minioEndpoint + "/" + a.bucket() + "/frames/" + upload.requestId() + ".jpg?");
    assertThat(upload.headers())
        .containsEntry("content-type", "image/jpeg")
        .containsEntry("if-none-match", "*")
        .containsEntry("content-length", Integer.toString(FRAME.length));
    Instant expiresAt = Instant.parse(created.json().path("expiresAt").asString());
    assertThat(expiresAt)
        .isBetween(before.plus(EXPIRY).minusSeconds(1), Instant.now().plus(EXPIRY));

    Api.Response put = api.put(upload.url(), upload.headers(), FRAME);

    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    StatObjectResponse stored = stat(a, upload);
    assertThat(stored.contentType()).isEqualTo("image/jpeg");
    assertThat(stored.size()).isEqualTo(FRAME.length);
    assertThat(ticket(a, upload)).isEqualTo("image/jpeg " + FRAME.length + " store-1 null");
  }

  /**
   * Every frame of a customer's visit lands in the same arm of the holdout: the worker reads it.
   */
  @Test
  void recordsTheCustomersSessionAndRefusesAMalformedOne() throws Exception {
    var request = new java.util.HashMap<>(jpeg(FRAME.length));
    request.put("session", "till-2:visit-42");
    Api.Response created = api.post("/v1/uploads", tenants.token(a), request);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(ticket(a, SignedUpload.of(created)))
        .isEqualTo("image/jpeg " + FRAME.length + " store-1 till-2:visit-42");

    request.put("session", "visit 42");
    Api.Response refused = api.post("/v1/uploads", tenants.token(a), request);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("session");
  }

  @Test
  void rejectsReplayedUploadUrlWithoutANewVersion() throws Exception {
    SignedUpload upload = upload(a);
    assertThat(api.put(upload.url(), upload.headers(), FRAME).status()).isEqualTo(200);
    String firstVersion = stat(a, upload).versionId();

    byte[] other = new byte[FRAME.length];
    Api.Response replay = api.put(upload.url(), upload.headers(), other);

    assertThat(replay.status()).as(replay.toString()).isEqualTo(412);
    assertThat(replay.body()).contains("PreconditionFailed");
    assertThat(versions(a, upload)).containsExactly(firstVersion);
    assertThat(stat(a, upload).versionId()).isEqualTo(firstVersion);
  }

  @Test
  void concurrentPutsOfOneUrlStoreExactlyOneVersion() throws Exception {
    SignedUpload upload = upload(a);
    ExecutorService racers = Executors.newFixedThreadPool(16);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      byte[] body = Arrays.copyOf(FRAME, FRAME.length);
      body[0] = (byte) i;
      statuses.add(racers.submit(() -> api.put(upload.url(), upload.headers(), body).status()));
    }
    List<Integer> answers = new ArrayList<>();
    for (Future<Integer> status : statuses) {
      answers.add(status.get(30, TimeUnit.SECONDS));
    }
    racers.shutdown();

    assertThat(answers).containsOnlyOnce(200).containsOnly(200, 412);
    assertThat(versions(a, upload)).hasSize(1);
  }

  @Test
  void rejectsReplayWithoutTheSignedIfNoneMatchHeader() throws Exception {
    SignedUpload upload = upload(a);
    assertThat(api.put(upload.url(), upload.headers(), FRAME).status()).isEqualTo(200);
    var withoutCondition = new java.util.HashMap<>(upload.headers());
    withoutCondition.remove("if-none-match");

    Api.Response replay = api.put(upload.url(), withoutCondition, FRAME);

    // MinIO answers 400 AccessDenied: "headers present in the request which were not signed"
    assertThat(replay.status()).as(replay.toString()).isIn(400, 403);
    assertThat(replay.body()).contains("AccessDenied");
    assertThat(versions(a, upload)).hasSize(1);
  }

  @Test
  void rejectsExpiredUploadUrl() throws Exception {
    SignedUpload upload = upload(a);
    Thread.sleep(EXPIRY.plusSeconds(1).toMillis());

    Api.Response put = api.put(upload.url(), upload.headers(), FRAME);

    assertThat(put.status()).as(put.toString()).isEqualTo(403);
    assertThat(put.body()).contains("expired");
    assertThat(versions(a, upload)).isEmpty();
  }

  @Test
  void refusesAnUploadOfAnotherContentTypeOrSize() {
    Api.Response gif =
        api.post(
            "/v1/uploads",
            tenants.token(a),
            java.util.Map.of("contentType", "image/gif", "sizeBytes", 10));
    assertThat(gif.status()).isEqualTo(400);
    assertThat(gif.json().path("detail").asString()).contains("contentType");
    assertThat(gif.header("Content-Type")).isEqualTo("application/problem+json");

    Api.Response tooBig = api.post("/v1/uploads", tenants.token(a), jpeg(1025));
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(tooBig.json().path("detail").asString())
        .isEqualTo("sizeBytes: 1025 exceeds the limit of 1024 bytes");

    Api.Response noSize =
        api.post("/v1/uploads", tenants.token(a), java.util.Map.of("contentType", "image/png"));
    assertThat(noSize.status()).isEqualTo(400);
    assertThat(noSize.json().path("errors").get(0).path("field").asString()).isEqualTo("sizeBytes");

    Api.Response notJson = api.post("/v1/uploads", tenants.token(a), "{\"sizeBytes\": \"many\"");
    assertThat(notJson.status()).isEqualTo(400);
  }

  @Test
  void theStoreRefusesABodyThatLiesAboutTypeOrSize() throws Exception {
    SignedUpload upload = upload(a);
    var png = new java.util.HashMap<>(upload.headers());
    png.put("content-type", "image/png");

    Api.Response wrongType = api.put(upload.url(), png, FRAME);
    Api.Response larger = api.put(upload.url(), upload.headers(), new byte[FRAME.length + 1]);
    Api.Response smaller = api.put(upload.url(), upload.headers(), new byte[FRAME.length - 1]);

    assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(403);
    assertThat(larger.status()).as(larger.toString()).isEqualTo(403);
    assertThat(smaller.status()).as(smaller.toString()).isEqualTo(403);
    assertThat(versions(a, upload)).isEmpty();
    // the refusals did not use the URL up
    assertThat(api.put(upload.url(), upload.headers(), FRAME).status()).isEqualTo(200);
  }

  @Test
  void aTenantsUrlCannotBeTurnedToAnotherTenantsBucket() throws Exception {
    SignedUpload upload = upload(a);
    assertThat(upload.url()).contains("/" + a.bucket() + "/").doesNotContain(b.bucket());
    String edited = upload.url().replace("/" + a.bucket() + "/", "/" + b.bucket() + "/");

    Api.Response put = api.put(edited, upload.headers(), FRAME);

    assertThat(put.status()).as(put.toString()).isEqualTo(403);
    assertThat(versions(b, upload)).isEmpty();
    assertThat(versions(a, upload)).isEmpty();
  }

  @Test
  void eachTenantsTokenSignsForItsOwnBucketOnly() throws Exception {
    SignedUpload forA = upload(a);
    SignedUpload forB = upload(b);

    assertThat(forA.url()).contains("/" + a.bucket() + "/");
    assertThat(forB.url()).contains("/" + b.bucket() + "/");
    assertThat(ticket(a, forB)).isNull();
    assertThat(ticket(b, forB)).isNotNull();
    // a body field cannot pick the bucket: unknown fields are ignored, the token decides
    Api.Response sneaky =
        api.post(
            "/v1/uploads",
            tenants.token(a),
            java.util.Map.of(
                "contentType",
                "image/jpeg",
                "sizeBytes",
                10,
                "bucket",
                b.bucket(),
                "tenant",
                "tenant_b"));
    assertThat(SignedUpload.of(sneaky).url()).contains("/" + a.bucket() + "/");
  }

  @Test
  void servesAnOpenApiDocumentListingEveryEndpoint() {
    Api.Response spec = api.get("/openapi.yaml", null);

    assertThat(spec.status()).isEqualTo(200);
    assertThat(spec.body()).startsWith("openapi: 3.");
    handlers.getHandlerMethods().keySet().stream()
        .flatMap(mapping -> mapping.getPatternValues().stream())
        .filter(path -> path.startsWith("/v1/") || path.startsWith("/internal/"))
        .forEach(path -> assertThat(spec.body()).as(path).contains("\n  " + path + ":"));
  }

  private SignedUpload upload(TestTenant tenant) {
    Api.Response created = api.post("/v1/uploads", tenants.token(tenant), jpeg(FRAME.length));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return SignedUpload.of(created);
  }

  private static java.util.Map<String, Object> jpeg(long sizeBytes) {
    return SignedUpload.request("image/jpeg", sizeBytes);
  }

  private static StatObjectResponse stat(TestTenant tenant, SignedUpload upload) throws Exception {
    return tenants
        .rootMinio()
        .statObject(StatObjectArgs.builder().bucket(tenant.bucket()).object(key(upload)).build());
  }

  private static List<String> versions(TestTenant tenant, SignedUpload upload) throws Exception {
    MinioClient root = tenants.rootMinio();
    List<String> versions = new ArrayList<>();
    for (Result<Item> item :
        root.listObjects(
            ListObjectsArgs.builder()
                .bucket(tenant.bucket())
                .prefix(key(upload))
                .includeVersions(true)
                .build())) {
      versions.add(item.get().versionId());
    }
    return versions;
  }

  private static String key(SignedUpload upload) {
    return "frames/" + upload.requestId() + ".jpg";
  }

  /** The ticket row of {@code upload} as {@code tenant}'s role sees it, or null. */
  private static String ticket(TestTenant tenant, SignedUpload upload) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT content_type, max_bytes, store, session FROM upload_ticket"
                    + " WHERE request_id = ?")) {
      query.setObject(1, upload.requestId());
      try (ResultSet row = query.executeQuery()) {
        return row.next()
            ? row.getString(1)
                + " "
                + row.getInt(2)
                + " "
                + row.getString(3)
                + " "
                + row.getString(4)
            : null;
      }
    }
  }
}
