package dev.sundae.chat.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.retention.Retention;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.TenantKeys;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Message and membership events exported to each tenant's own bucket, read back from a real MinIO
 * with the tenant's keys. The timer is off: the test runs the export itself.
 */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sundae.chat.export.enabled=false",
      "sundae.chat.policies.tenant_b.admission=verified"
    })
class EventExportIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern KEY =
      Pattern.compile(
          "analytics/chat/events/date=(\\d{4}-\\d{2}-\\d{2})/events-(\\d+)-(\\d+)\\.ndjson\\.gz");
  private static final List<String> FIELDS =
      List.of(
          "schema_version",
          "event_id",
          "occurred_at",
          "tenant",
          "type",
          "subject",
          "actor",
          "conversation_id",
          "attributes");
  private static final Set<String> ATTRIBUTES =
      Set.of(
          "message_id",
          "seq",
          "content_type",
          "codec",
          "size_bytes",
          "duration_ms",
          "kind",
          "open",
          "role",
          "previous_role",
          "invited",
          "state",
          "status",
          "appeal",
          "muted_until");

  /** A JPEG signature: the service checks it, a moderator looks at the rest. */
  private static final byte[] SELFIE = {
    (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1
  };

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static ChatTenant b;
  private static TestMember moderatorOfA;
  private static TestMember moderatorOfB;

  @LocalServerPort int port;
  @Autowired EventExporter exporter;
  @Autowired Retention retention;
  @Autowired TenantDirectory directory;
  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("tenant_a");
    b = tenants.add("tenant_b");
    moderatorOfA = tenants.moderator(a, "moderator");
    moderatorOfB = tenants.moderator(b, "moderator");
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 2, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void exportsEveryEventOnceIntoThePartitionOfItsUtcDay() throws Exception {
    TestMember alice = signedIn(a, "alice1");
    TestMember bob = signedIn(a, "bob1");
    TestMember carol = signedIn(a, "carol1");
    String group = group(alice, "sprinkles-title-1");
    ok(api.post("/v1/conversations/" + group + "/members", alice.token(), subject(bob)));
    ok(api.post("/v1/conversations/" + group + "/join", bob.token(), ""));
    ok(api.post("/v1/conversations/" + group + "/join", carol.token(), ""));
    ok(post(alice, group, "cmid-secret-1"));
    ok(
        api.put(
            "/v1/conversations/" + group + "/members/" + bob.subject() + "/role",
            alice.token(),
            Map.of("role", "moderator")));
    ok(api.delete("/v1/conversations/" + group + "/members/" + carol.subject(), alice.token()));
    ok(api.delete("/v1/conversations/" + group + "/members/me", bob.token()));
    // the community's moderator removes alice's message
    ok(api.delete("/v1/conversations/" + group + "/messages/1", moderatorOfA.token()));

    EventExporter.Exported first = exporter.export(tenant(a));

    assertThat(first.skipped()).isFalse();
    assertThat(first.objects()).isNotEmpty();
    Map<String, List<JsonNode>> bucket = exported(a);
    assertThat(bucket.keySet()).containsAll(first.objects());
    assertExactlyOnce(a, bucket);
    List<JsonNode> ofGroup = ofConversation(bucket, group);
    assertThat(ofGroup)
        .extracting(e -> e.path("type").asString())
        .containsExactly(
            "conversation_created",
            "membership_joined",
            "membership_invited",
            "membership_joined",
            "membership_joined",
            "message_posted",
            "membership_role_changed",
            "membership_removed",
            "membership_left",
            "message_removed");
    JsonNode posted = ofType(ofGroup, "message_posted");
    assertThat(posted.path("subject").asString()).isEqualTo(alice.subject());
    assertThat(posted.path("attributes").path("seq").asLong()).isEqualTo(1);
    assertThat(posted.path("attributes").path("codec").asString()).isEqualTo("opus");
    assertThat(posted.path("attributes").path("duration_ms").asLong()).isEqualTo(1000);
    JsonNode removed = ofType(ofGroup, "message_removed");
    assertThat(removed.path("subject").asString()).isEqualTo(alice.subject());
    assertThat(removed.path("actor").asString()).isEqualTo(moderatorOfA.subject());
    assertThat(removed.path("attributes").path("seq").asLong()).isEqualTo(1);
    assertThat(ofType(ofGroup, "membership_removed").path("subject").asString())
        .isEqualTo(carol.subject());
    assertThat(ofType(ofGroup, "membership_removed").path("actor").asString())
        .isEqualTo(alice.subject());
    assertThat(ofType(ofGroup, "membership_left").path("subject").asString())
        .isEqualTo(bob.subject());
    JsonNode role = ofType(ofGroup, "membership_role_changed");
    assertThat(role.path("actor").asString()).isEqualTo(alice.subject());
    assertThat(role.path("attributes").path("role").asString()).isEqualTo("moderator");
    assertThat(role.path("attributes").path("previous_role").asString()).isEqualTo("member");
    assertNothingPersonal(a, "alice1", "bob1", "carol1", "sprinkles-title-1", "cmid-secret-1");

    // nothing happened since: a second run writes nothing
    EventExporter.Exported second = exporter.export(tenant(a));
    assertThat(second.objects()).isEmpty();
    assertThat(exported(a)).isEqualTo(bucket);

    // what happens next goes out with the next run, and only that
    ok(post(alice, group, "cmid-secret-2"));
    EventExporter.Exported third = exporter.export(tenant(a));
    assertThat(third.objects()).isNotEmpty().doesNotContainAnyElementsOf(first.objects());
    Map<String, List<JsonNode>> after = exported(a);
    assertThat(third.objects().stream().flatMap(key -> after.get(key).stream()))
        .extracting(e -> e.path("type").asString())
        .containsExactly("message_posted");
    assertExactlyOnce(a, after);
  }

  @Test
  void aRetryAfterACrashRewritesTheSameObjects() throws Exception {
    TestMember alice = signedIn(a, "alice2");
    TestMember bob = signedIn(a, "bob2");
    ok(post(alice, direct(alice, bob), "cmid-2"));
    long before = watermark(a);

    EventExporter.Exported written = exporter.export(tenant(a));
    assertThat(written.objects()).isNotEmpty();
    Map<String, String> etags = etags(a, written.objects());
    // as if the instance died after writing the objects, before recording the batch as done
    try (Connection connection = tenants.connect(a);
        PreparedStatement crash =
            connection.prepareStatement(
                "UPDATE chat_event_export SET pending_below = exported_below,"
                    + " exported_below = ?, pending_after_id = 0")) {
      crash.setLong(1, before);
      assertThat(crash.executeUpdate()).isEqualTo(1);
    }

    EventExporter.Exported retried = exporter.export(tenant(a));

    assertThat(retried.objects()).isEqualTo(written.objects());
    assertThat(etags(a, retried.objects())).isEqualTo(etags);
    assertExactlyOnce(a, exported(a));
  }

  @Test
  void anEventThatCommitsAfterALaterOneIsExportedAllTheSame() throws Exception {
    try (Connection slow = tenants.connect(a)) {
      slow.setAutoCommit(false);
      // takes its event id first, commits last
      try (Statement statement = slow.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO chat_member (subject, username, status)"
                + " VALUES ('slow-subject', 'slow', 'admitted')");
      }
      TestMember alice = signedIn(a, "alice6");

      exporter.export(tenant(a));
      // held back while an older transaction runs: an id watermark past it would skip it
      assertThat(JSON.writeValueAsString(exported(a))).doesNotContain(alice.subject());
      slow.commit();
    }

    exporter.export(tenant(a));

    String text = JSON.writeValueAsString(exported(a));
    assertThat(text).contains("slow-subject");
    assertExactlyOnce(a, exported(a));
  }

  @Test
  void onlyOneInstanceExportsATenantAtATime() throws Exception {
    TestMember alice = signedIn(a, "alice3");
    TestMember bob = signedIn(a, "bob3");
    direct(alice, bob);
    // another instance holds the tenant's export lock
    try (Connection other = tenants.connect(a);
        Statement statement = other.createStatement()) {
      long key = TenantKeys.of(a.dbPassword()).advisoryLock("chat_event_export");
      try (ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
        locked.next();
        assertThat(locked.getBoolean(1)).isTrue();
      }
      Map<String, List<JsonNode>> before = exported(a);

      assertThat(exporter.export(tenant(a)).skipped()).isTrue();
      assertThat(exported(a)).isEqualTo(before);
      // tenant B's export has a lock of its own
      assertThat(exporter.export(tenant(b)).skipped()).isFalse();
      // the other instance is done (unlocked here: a closed connection's backend may still be
      // exiting when the next export asks)
      statement.execute("SELECT pg_advisory_unlock(" + key + ")");
    }
    EventExporter.Exported exported = exporter.export(tenant(a));
    assertThat(exported.skipped()).isFalse();
    assertThat(exported.objects()).isNotEmpty();
    assertExactlyOnce(a, exported(a));
  }

  /** Advisory locks are database-wide: B holding any key it can compute must not stop A. */
  @Test
  void anotherTenantCannotHoldATenantsExportLock() throws Exception {
    TestMember alice = signedIn(a, "alice9");
    TestMember bob = signedIn(a, "bob9");
    direct(alice, bob);
    String schemaOfA = tenant(a).database().schema();
    try (Connection attacker = tenants.connect(b);
        Statement statement = attacker.createStatement()) {
      // the key B could compute from A's schema name, as the lock was once keyed
      statement.execute(
          "SELECT pg_advisory_lock(hashtextextended('" + schemaOfA + "/chat_event_export', 0))");

      EventExporter.Exported exported = exporter.export(tenant(a));

      assertThat(exported.skipped()).isFalse();
      assertExactlyOnce(a, exported(a));
    }
  }

  @Test
  void tenantBsExportHoldsOnlyBsEventsAndTenantAsKeysCannotReadIt() throws Exception {
    ok(api.get("/v1/me", moderatorOfB.token()));
    TestMember dave = tenants.member(b, "dave4");
    TestMember erin = tenants.member(b, "erin4");
    decide(dave, true, null);
    decide(erin, false, "reject-reason-secret");
    ok(post(dave, direct(dave, moderatorOfB), "cmid-b"));
    ok(
        api.post(
            "/v1/moderation/bans/" + erin.subject(),
            moderatorOfB.token(),
            Map.of("reason", "ban-reason-secret")));
    TestMember alice = signedIn(a, "alice4");
    ok(post(alice, direct(alice, signedIn(a, "bob4")), "cmid-a"));

    EventExporter.Exported ofB = exporter.export(tenant(b));
    exporter.export(tenant(a));

    Map<String, List<JsonNode>> bucketOfB = exported(b);
    assertThat(bucketOfB.keySet()).containsAll(ofB.objects());
    assertExactlyOnce(b, bucketOfB);
    List<JsonNode> events = bucketOfB.values().stream().flatMap(List::stream).toList();
    assertThat(events)
        .allSatisfy(e -> assertThat(e.path("tenant").asString()).isEqualTo("tenant_b"));
    assertThat(events)
        .filteredOn(e -> e.path("subject").asString().equals(dave.subject()))
        .extracting(e -> e.path("type").asString())
        .containsSubsequence(
            "member_registered", "verification_submitted", "member_admitted", "membership_joined");
    JsonNode rejected = ofType(events, "member_rejected");
    assertThat(rejected.path("subject").asString()).isEqualTo(erin.subject());
    assertThat(rejected.path("actor").asString()).isEqualTo(moderatorOfB.subject());
    assertThat(ofType(events, "member_banned").path("subject").asString())
        .isEqualTo(erin.subject());
    assertThat(ofType(events, "message_posted").path("subject").asString())
        .isEqualTo(dave.subject());
    // none of A's members or events in B's bucket, and none of B's in A's
    String textOfB = JSON.writeValueAsString(bucketOfB);
    assertThat(textOfB).doesNotContain(alice.subject()).doesNotContain("tenant_a");
    String textOfA = JSON.writeValueAsString(exported(a));
    assertThat(textOfA).doesNotContain(dave.subject()).doesNotContain("tenant_b");
    assertNothingPersonal(
        b, "dave4", "erin4", "reject-reason-secret", "ban-reason-secret", "cmid-b", "selfies");

    // A's keys neither read nor list B's export
    MinioClient keysOfA = tenants.tenantMinio(a);
    String keyOfB = ofB.objects().get(0);
    assertThatThrownBy(
            () ->
                keysOfA.getObject(
                    GetObjectArgs.builder().bucket(b.bucket()).object(keyOfB).build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
    assertThatThrownBy(
            () ->
                keysOfA
                    .listObjects(
                        ListObjectsArgs.builder()
                            .bucket(b.bucket())
                            .prefix(EventFiles.PREFIX)
                            .recursive(true)
                            .build())
                    .iterator()
                    .next()
                    .get())
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
  }

  @Test
  void theRetentionPurgeDeletesOldEventsAndTheirDayPartitions() throws Exception {
    TestMember alice = signedIn(a, "alice5");
    direct(alice, signedIn(a, "bob5"));
    exporter.export(tenant(a));
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(400);
    String oldKey = EventFiles.key(old, 1, 1);
    byte[] gzip = gzipLine();
    tenants
        .tenantMinio(a)
        .putObject(
            PutObjectArgs.builder().bucket(a.bucket()).object(oldKey).stream(
                    new ByteArrayInputStream(gzip), gzip.length, -1)
                .build());
    try (Connection connection = tenants.connect(a);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO chat_event (occurred_at, type, subject) VALUES"
              + " (now() - interval '400 days', 'member_registered', 'someone-old')");
    }
    long recent = count(a, "SELECT count(*) FROM chat_event WHERE subject <> 'someone-old'");
    assertThat(recent).isPositive();

    retention.purge(tenant(a), Instant.now());

    assertThat(count(a, "SELECT count(*) FROM chat_event WHERE subject = 'someone-old'")).isZero();
    assertThat(count(a, "SELECT count(*) FROM chat_event")).isEqualTo(recent);
    assertThat(exists(a, oldKey)).isFalse();
    Map<String, List<JsonNode>> kept = exported(a);
    assertThat(kept).isNotEmpty();
    assertThat(kept.keySet()).noneMatch(key -> key.contains("date=" + old));
    assertExactlyOnce(a, kept);
  }

  /**
   * Every event of the tenant's table is in exactly one object, in the partition of its UTC day, in
   * an object named by its first and last event.
   */
  private static void assertExactlyOnce(ChatTenant tenant, Map<String, List<JsonNode>> bucket)
      throws Exception {
    List<Long> ids = new ArrayList<>();
    bucket.forEach(
        (key, lines) -> {
          Matcher name = KEY.matcher(key);
          assertThat(name.matches()).as(key).isTrue();
          assertThat(lines).as(key).isNotEmpty();
          for (JsonNode line : lines) {
            Instant at = Instant.parse(line.path("occurred_at").asString());
            assertThat(LocalDate.ofInstant(at, ZoneOffset.UTC).toString())
                .as(key)
                .isEqualTo(name.group(1));
            ids.add(line.path("event_id").asLong());
          }
          assertThat(lines.get(0).path("event_id").asLong())
              .isEqualTo(Long.parseLong(name.group(2)));
          assertThat(lines.get(lines.size() - 1).path("event_id").asLong())
              .isEqualTo(Long.parseLong(name.group(3)));
        });
    List<Long> table = new ArrayList<>();
    try (Connection connection = tenants.connect(tenant);
        ResultSet rs = connection.createStatement().executeQuery("SELECT id FROM chat_event")) {
      while (rs.next()) {
        table.add(rs.getLong(1));
      }
    }
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(table);
  }

  /** Subjects and metadata only: the fixed fields, known attributes, none of the given words. */
  private static void assertNothingPersonal(ChatTenant tenant, String... words) throws Exception {
    Map<String, List<JsonNode>> bucket = exported(tenant);
    for (List<JsonNode> lines : bucket.values()) {
      for (JsonNode line : lines) {
        assertThat(line.propertyNames()).containsExactlyElementsOf(FIELDS);
        assertThat(line.path("attributes").propertyNames()).isSubsetOf(ATTRIBUTES);
      }
    }
    String text = JSON.writeValueAsString(bucket);
    assertThat(text).doesNotContain("http").doesNotContain("chat/audio").doesNotContain("waveform");
    for (String word : words) {
      assertThat(text).doesNotContain(word);
    }
  }

  /** Every export object of the tenant's bucket, read with the tenant's keys, by key. */
  private static Map<String, List<JsonNode>> exported(ChatTenant tenant) throws Exception {
    MinioClient minio = tenants.tenantMinio(tenant);
    Map<String, List<JsonNode>> objects = new TreeMap<>();
    for (Result<Item> item :
        minio.listObjects(
            ListObjectsArgs.builder()
                .bucket(tenant.bucket())
                .prefix(EventFiles.PREFIX)
                .recursive(true)
                .build())) {
      String key = item.get().objectName();
      try (InputStream in =
              minio.getObject(GetObjectArgs.builder().bucket(tenant.bucket()).object(key).build());
          GZIPInputStream gunzip = new GZIPInputStream(in)) {
        String text = new String(gunzip.readAllBytes(), StandardCharsets.UTF_8);
        objects.put(key, text.lines().map(JSON::readTree).toList());
      }
    }
    return objects;
  }

  private static Map<String, String> etags(ChatTenant tenant, List<String> keys) throws Exception {
    Map<String, String> etags = new LinkedHashMap<>();
    for (String key : keys) {
      etags.put(
          key,
          tenants
              .tenantMinio(tenant)
              .statObject(StatObjectArgs.builder().bucket(tenant.bucket()).object(key).build())
              .etag());
    }
    return etags;
  }

  private static boolean exists(ChatTenant tenant, String key) throws Exception {
    try {
      tenants
          .tenantMinio(tenant)
          .statObject(StatObjectArgs.builder().bucket(tenant.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }

  private static List<JsonNode> ofConversation(Map<String, List<JsonNode>> bucket, String id) {
    return bucket.values().stream()
        .flatMap(List::stream)
        .filter(e -> e.path("conversation_id").asString("").equals(id))
        .sorted((x, y) -> Long.compare(x.path("event_id").asLong(), y.path("event_id").asLong()))
        .toList();
  }

  private static JsonNode ofType(List<JsonNode> events, String type) {
    List<JsonNode> found =
        events.stream().filter(e -> e.path("type").asString().equals(type)).toList();
    assertThat(found).as(type).hasSize(1);
    return found.get(0);
  }

  private static long watermark(ChatTenant tenant) throws Exception {
    return count(tenant, "SELECT exported_below FROM chat_event_export");
  }

  private static long count(ChatTenant tenant, String sql) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        ResultSet rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static byte[] gzipLine() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
      out.write("{\"event_id\":1}\n".getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private TenantConfig tenant(ChatTenant tenant) {
    return directory.byName(tenant.name()).orElseThrow();
  }

  private TestMember signedIn(ChatTenant tenant, String username) {
    TestMember member = tenants.member(tenant, username);
    ok(api.get("/v1/me", member.token()));
    return member;
  }

  private String group(TestMember owner, String title) {
    Api.Response created =
        api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", title, "open", true));
    ok(created);
    return created.json().path("id").asString();
  }

  private String direct(TestMember one, TestMember two) {
    Api.Response created =
        api.post("/v1/conversations", one.token(), Map.of("kind", "direct", "with", two.subject()));
    ok(created);
    String id = created.json().path("id").asString();
    // the other accepts: until then it is a message request
    ok(api.post("/v1/conversations/" + id + "/join", two.token(), ""));
    return id;
  }

  private static Map<String, String> subject(TestMember member) {
    return Map.of("subject", member.subject());
  }

  /** A pending member's verification, decided by tenant B's moderator. */
  private void decide(TestMember member, boolean approve, String reason) {
    assertThat(api.get("/v1/me", member.token()).json().path("status").asString())
        .isEqualTo("pending");
    Api.Response started =
        api.post(
            "/v1/verification",
            member.token(),
            Map.of("contentType", "image/jpeg", "sizeBytes", SELFIE.length));
    ok(started);
    putSigned(started, SELFIE);
    String id = started.json().path("verificationId").asString();
    ok(api.post("/v1/verification/" + id + "/submit", member.token(), ""));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approve", approve);
    if (reason != null) {
      body.put("reason", reason);
    }
    ok(api.post("/v1/moderation/verifications/" + id + "/decision", moderatorOfB.token(), body));
  }

  /** Uploads a one-second Opus clip and posts it, as an app does. */
  private Api.Response post(TestMember member, String conversation, String clientId) {
    return api.voiceMessage(member.token(), conversation, clientId, Clips.oggOpus(1_000));
  }

  private void putSigned(Api.Response signed, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    signed
        .json()
        .path("upload")
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    ok(api.put(signed.json().path("upload").path("url").asString(), headers, body));
  }

  private static void ok(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isBetween(200, 299);
  }
}
