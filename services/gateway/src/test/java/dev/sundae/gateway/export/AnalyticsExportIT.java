package dev.sundae.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.testing.Tools;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daily Parquet export against real PostgreSQL and MinIO, read back with pyarrow (PyPI, not the
 * writer's DuckDB): each day's files hold exactly that day's rows of the database, with the
 * documented columns and types; a day is written once, a crash between writing and recording it
 * rewrites the same bytes, and only the tenant's own keys open its files.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyticsExportIT {

  private static final List<String> CATALOGUE =
      List.of("vanilla", "chocolate", "mango", "pistachio", "lemon", "mint");
  private static final LocalDate FIRST = LocalDate.parse("2026-06-01");

  private static TestTenants tenants;
  private static MinioServer minio;
  private static TestTenant a;
  private static TestTenant b;

  @Autowired DailyExport export;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak,
      MinioServer minioServer,
      ElasticMqServer sqs,
      PostgresServer postgres)
      throws Exception {
    minio = minioServer;
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("tenant_a", CATALOGUE, Optional.empty());
    b = tenants.add("tenant_b", CATALOGUE, Optional.empty());
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 2, () -> tenants);
  }

  @Test
  void eachDayIsTheDatabasesRowsOnceReadByPyarrowAndOnlyByTheTenant(@TempDir Path files)
      throws Exception {
    generate(a, new Random(1205));

    // the first run writes from the first day with data, 31 days at most; the rest follow
    assertThat(export.export(tenants.config(a))).isEqualTo(31);
    int more;
    do {
      more = export.export(tenants.config(a));
    } while (more > 0);
    assertThat(count(a, "SELECT count(*) FROM analytics_export WHERE day < current_date - 1"))
        .isGreaterThan(31);

    MinioClient own = client(a);
    for (int d = 0; d < 3; d++) {
      LocalDate day = FIRST.plusDays(d);
      Path recommendations = download(own, DailyExport.key("recommendations", day), files);
      Path purchases = download(own, DailyExport.key("purchases", day), files);
      JsonNode read = pyarrow(recommendations, purchases);

      JsonNode r = read.path(recommendations.toString());
      assertThat(r.path("schema").path("request_id").asString()).isEqualTo("string");
      assertThat(r.path("schema").path("created_at").asString()).isEqualTo("timestamp[us, tz=UTC]");
      assertThat(r.path("schema").path("flavours").asString()).isEqualTo("list<element: string>");
      assertThat(r.path("schema").path("propensity").asString()).isEqualTo("double");
      Map<String, String> fromDb = recommendationsOf(a, day);
      Map<String, String> fromFile = new HashMap<>();
      for (JsonNode row : r.path("rows")) {
        fromFile.put(row.path("request_id").asString(), recommendationLine(row));
      }
      assertThat(fromFile)
          .as("recommendations of %s", day)
          .isEqualTo(fromDb)
          .hasSizeGreaterThan(50);

      JsonNode p = read.path(purchases.toString());
      assertThat(p.path("schema").path("flavours").asString()).isEqualTo("list<element: string>");
      Map<String, String> purchasesFromFile = new HashMap<>();
      for (JsonNode row : p.path("rows")) {
        purchasesFromFile.put(
            row.path("purchase_id").asString(),
            row.path("request_id").asString() + " " + row.path("flavours"));
      }
      assertThat(purchasesFromFile)
          .as("purchases of %s", day)
          .isEqualTo(purchasesOf(a, day))
          .hasSizeGreaterThan(10);
      System.out.printf(
          "%s: %d recommendations (%d bytes), %d purchases (%d bytes), read by pyarrow%n",
          day,
          fromFile.size(),
          Files.size(recommendations),
          purchasesFromFile.size(),
          Files.size(purchases));
    }
    // a day without a row has no object
    assertThat(versions(own, DailyExport.key("recommendations", FIRST.plusDays(5)))).isEmpty();

    // nothing is written twice; a crash after the objects and before the record rewrites the
    // same bytes
    String key = DailyExport.key("recommendations", FIRST.plusDays(1));
    assertThat(versions(own, key)).hasSize(1);
    byte[] before = bytes(own, key);
    try (Connection db = tenants.connect(a);
        Statement sql = db.createStatement()) {
      sql.execute("DELETE FROM analytics_export WHERE day >= '" + FIRST.plusDays(1) + "'");
    }
    while (export.export(tenants.config(a)) > 0) {
      // catches up again
    }
    assertThat(versions(own, key)).hasSize(2);
    assertThat(bytes(own, key)).isEqualTo(before);

    // tenant B's keys open none of it
    assertThatThrownBy(() -> bytes(client(b), key))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
  }

  /** The fields a reader compares, in one line, as the file has them. */
  private static String recommendationLine(JsonNode row) {
    return String.join(
        " ",
        row.path("created_at").asString().replace("+00:00", "Z"),
        row.path("store").asString(),
        row.path("arm").asString(),
        row.path("flavours").toString(),
        text(row.path("context")),
        row.path("candidates").toString(),
        text(row.path("action")),
        row.path("propensity").isNull() ? "null" : row.path("propensity").asString(),
        row.path("converted_at").isNull() ? "null" : "converted");
  }

  private static String text(JsonNode node) {
    return node.isNull() ? "null" : node.asString();
  }

  /** The same line, from the database. */
  private static Map<String, String> recommendationsOf(TestTenant tenant, LocalDate day)
      throws Exception {
    Map<String, String> lines = new HashMap<>();
    try (Connection db = tenants.connect(tenant);
        PreparedStatement select =
            db.prepareStatement(
                "SELECT r.request_id::text, r.created_at, r.store, r.arm,"
                    + " (SELECT array_agg(flavour ORDER BY rank) FROM recommended_flavour f"
                    + "   WHERE f.request_id = r.request_id), r.context, r.candidates, r.action,"
                    + " r.propensity, r.converted_at IS NOT NULL"
                    + " FROM recommendation r WHERE (r.created_at AT TIME ZONE 'UTC')::date = ?")) {
      select.setObject(1, day);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          double propensity = rows.getDouble(9);
          boolean noPropensity = rows.wasNull();
          lines.put(
              rows.getString(1),
              String.join(
                  " ",
                  rows.getObject(2, OffsetDateTime.class).toInstant().toString(),
                  rows.getString(3),
                  rows.getString(4),
                  json(rows.getArray(5)),
                  rows.getString(6) == null ? "null" : rows.getString(6),
                  json(rows.getArray(7)),
                  rows.getString(8) == null ? "null" : rows.getString(8),
                  noPropensity ? "null" : String.valueOf(propensity),
                  rows.getBoolean(10) ? "converted" : "null"));
        }
      }
    }
    return lines;
  }

  private static Map<String, String> purchasesOf(TestTenant tenant, LocalDate day)
      throws Exception {
    Map<String, String> lines = new HashMap<>();
    try (Connection db = tenants.connect(tenant);
        PreparedStatement select =
            db.prepareStatement(
                "SELECT p.purchase_id::text, p.request_id::text,"
                    + " (SELECT array_agg(flavour ORDER BY flavour) FROM purchased_flavour pf"
                    + "   WHERE pf.purchase_id = p.purchase_id)"
                    + " FROM purchase p WHERE (p.created_at AT TIME ZONE 'UTC')::date = ?")) {
      select.setObject(1, day);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lines.put(rows.getString(1), rows.getString(2) + " " + json(rows.getArray(3)));
        }
      }
    }
    return lines;
  }

  private static String json(java.sql.Array array) throws Exception {
    if (array == null) {
      return "null";
    }
    return JsonMapper.builder().build().writeValueAsString(List.of((Object[]) array.getArray()));
  }

  /**
   * Three days of recommendations of both arms, the model's logging its policy, and purchases
   * reported the same day or the next (a late report is in its own day's file).
   */
  private static void generate(TestTenant tenant, Random random) throws Exception {
    try (Connection db = tenants.connect(tenant);
        PreparedStatement recommendation =
            db.prepareStatement(
                "INSERT INTO recommendation (request_id, bucket, object_key, model_version,"
                    + " created_at, arm, store, context, candidates, action, propensity, greedy)"
                    + " VALUES (?, 'b', ?, 'test-1', ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement flavour =
            db.prepareStatement(
                "INSERT INTO recommended_flavour (request_id, rank, flavour, score)"
                    + " VALUES (?, ?, ?, 0.5)");
        PreparedStatement purchase =
            db.prepareStatement(
                "INSERT INTO purchase (purchase_id, request_id, store, purchased_at, created_at)"
                    + " VALUES (?, ?, 'store-1', ?, ?)");
        PreparedStatement bought =
            db.prepareStatement(
                "INSERT INTO purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      for (int i = 0; i < 300; i++) {
        UUID requestId = UUID.randomUUID();
        Instant at =
            FIRST.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(random.nextInt(3 * 86_400));
        boolean model = random.nextInt(10) > 0;
        List<String> shown = new ArrayList<>(CATALOGUE.subList(0, 5));
        java.util.Collections.shuffle(shown, random);
        recommendation.setObject(1, requestId);
        recommendation.setString(2, "frames/" + requestId + ".jpg");
        recommendation.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        recommendation.setString(4, model ? "model" : "holdout");
        recommendation.setString(5, "store-" + random.nextInt(3));
        recommendation.setString(6, model ? shown.get(0) : null);
        recommendation.setArray(7, model ? db.createArrayOf("text", shown.toArray()) : null);
        recommendation.setString(8, model ? shown.get(0) : null);
        recommendation.setObject(9, model ? 0.84 : null);
        recommendation.setString(10, model ? shown.get(0) : null);
        recommendation.executeUpdate();
        for (int rank = 1; rank <= 3; rank++) {
          flavour.setObject(1, requestId);
          flavour.setInt(2, rank);
          flavour.setString(3, shown.get(rank - 1));
          flavour.executeUpdate();
        }
        if (random.nextInt(3) == 0) {
          UUID purchaseId = UUID.randomUUID();
          Instant reported = at.plusSeconds(random.nextInt(2) == 0 ? 60 : 86_400);
          purchase.setObject(1, purchaseId);
          purchase.setObject(2, requestId);
          purchase.setObject(3, OffsetDateTime.ofInstant(at.plusSeconds(30), ZoneOffset.UTC));
          purchase.setObject(4, OffsetDateTime.ofInstant(reported, ZoneOffset.UTC));
          purchase.executeUpdate();
          for (String f : random.nextBoolean() ? shown.subList(0, 2) : shown.subList(3, 4)) {
            bought.setObject(1, purchaseId);
            bought.setString(2, f);
            bought.executeUpdate();
          }
        }
      }
    }
  }

  private static long count(TestTenant tenant, String sql) throws Exception {
    try (Connection db = tenants.connect(tenant);
        Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static MinioClient client(TestTenant tenant) {
    return MinioClient.builder()
        .endpoint(minio.endpoint())
        .credentials(tenant.accessKey(), tenant.secretKey())
        .build();
  }

  private static Path download(MinioClient client, String key, Path directory) throws Exception {
    Path file = directory.resolve(key.replace('/', '_'));
    Files.write(file, bytes(client, key));
    return file;
  }

  private static byte[] bytes(MinioClient client, String key) throws Exception {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(a.bucket()).object(key).build())) {
      return in.readAllBytes();
    }
  }

  private static List<Item> versions(MinioClient client, String key) throws Exception {
    List<Item> items = new ArrayList<>();
    for (Result<Item> item :
        client.listObjects(
            ListObjectsArgs.builder()
                .bucket(a.bucket())
                .prefix(key)
                .includeVersions(true)
                .build())) {
      items.add(item.get());
    }
    return items;
  }

  /** pyarrow's reading of the files, from hack/bootstrap.sh's virtualenv. */
  private static JsonNode pyarrow(Path... files) throws Exception {
    Path script = Path.of("src/test/resources/export/read_parquet.py").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Tools.get().value("pyarrow.python"));
    command.add(script.toString());
    for (Path f : files) {
      command.add(f.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isZero();
    return JsonMapper.builder().build().readTree(out);
  }
}
