package dev.sundae.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sundae.inference.Frames;
import dev.sundae.inference.InferenceApplication;
import dev.sundae.inference.TestTenant;
import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.Arms.Arm;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.keys.RecommendationNotices;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The whole worker, in this JVM, against real MinIO, ElasticMQ and PostgreSQL, serving three
 * tenants at once, each with its own bucket, queue, schema, role, catalogue and model.
 */
@WithMinio
@WithElasticMq
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InferenceWorkerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private TestTenant acme;
  private TestTenant gelato;
  private TestTenant sorbetto;
  private TestTenant cassata;
  private ConfigurableApplicationContext worker;
  private Connection listener;
  private PostgresServer postgres;

  @BeforeAll
  void startWorker(MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    this.postgres = postgres;
    acme =
        TestTenant.create(
            "acme",
            List.of(
                "vanilla",
                "chocolate",
                "strawberry",
                "pistachio",
                "mint",
                "blueberry",
                "mango",
                "lemon"),
            "classpath:model/reference/model.pt",
            Duration.ofSeconds(30),
            minio,
            sqs,
            postgres);
    // a smaller catalogue, with a flavour the model does not know
    gelato =
        TestTenant.create(
            "gelato",
            List.of("Pistachio", "Stracciatella", "Chocolate", "Yuzu"),
            "",
            Duration.ofSeconds(30),
            minio,
            sqs,
            postgres);
    // its model lives in its own bucket, where the chain publishes new versions
    sorbetto =
        TestTenant.create(
            "sorbetto",
            List.of("strawberry", "pistachio", "mango", "lemon"),
            "s3://sorbetto-frames/models/current/model.pt",
            Duration.ofSeconds(30),
            minio,
            sqs,
            postgres);
    publishModel(sorbetto, labels());
    // half its sessions are held out and shown its best sellers of the last 28 days
    cassata =
        TestTenant.create(
                "cassata",
                acme.config.flavours(),
                "classpath:model/reference/model.pt",
                Duration.ofSeconds(30),
                minio,
                sqs,
                postgres)
            .withHoldout(new TenantConfig.Holdout(50, 28));

    listener = TestTenant.superuser(postgres);
    // the channel all tenants shared before notices were sealed, and acme's own
    listener.createStatement().execute("LISTEN sundae_recommendations");
    listener
        .createStatement()
        .execute("LISTEN " + RecommendationNotices.of(acme.config.database()).channel());

    Map<String, String> properties =
        new HashMap<>(TestTenant.properties(List.of(acme, gelato, sorbetto, cassata)));
    properties.put("server.port", "0");
    worker =
        new SpringApplicationBuilder(InferenceApplication.class)
            .run(TestTenant.arguments(properties));
    Workers workers = worker.getBean(Workers.class);
    await() // schemas migrated, models loaded, queues reached
        .atMost(PATIENCE)
        .until(() -> workers.problems().values().stream().allMatch(java.util.Objects::isNull));
  }

  @AfterAll
  void stopWorker() throws Exception {
    if (worker != null) {
      worker.close();
    }
    listener.close();
    for (TestTenant t : List.of(acme, gelato, sorbetto, cassata)) {
      t.close();
    }
  }

  @Test
  void recommendsTheTopThreeForEachTenantFromItsOwnCatalogue() throws Exception {
    UUID pink = acme.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");
    UUID green = gelato.uploadFrame(Frames.png(Frames.COLOURS.get("pistachio")), "png");
    UUID webp = acme.uploadFrame(resource("frames/strawberry.webp"), "webp");

    await().atMost(PATIENCE).until(() -> acme.recommended(pink).size() == 3);
    await().atMost(PATIENCE).until(() -> gelato.recommended(green).size() == 3);
    await().atMost(PATIENCE).until(() -> acme.recommended(webp).size() == 3);

    assertThat(acme.recommended(pink).get(0)).isEqualTo("strawberry");
    assertThat(acme.recommended(webp).get(0)).isEqualTo("strawberry");
    // spelled as gelato's catalogue spells them; Yuzu has no score, so never appears
    assertThat(gelato.recommended(green)).first().isEqualTo("Pistachio");
    assertThat(gelato.recommended(green)).isSubsetOf("Pistachio", "Stracciatella", "Chocolate");
    assertThat(
            acme.count(
                "recommendation WHERE request_id = ? AND model_version LIKE 'test-1@%'", pink))
        .isOne();
    await().atMost(PATIENCE).until(() -> acme.queued() == 0 && gelato.queued() == 0);
  }

  @Test
  void consumesTheUploadTicketAndNotifiesTheGatewayOnCommit() throws Exception {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".jpg";
    insertTicket(requestId, key);
    byte[] frame = Frames.jpeg(Frames.COLOURS.get("mango"));
    String version = acme.upload(key, frame, "image/jpeg");
    acme.send(TestTenant.event(acme.config.storage().bucket(), key, version, frame.length));

    RecommendationNotices notices = RecommendationNotices.of(acme.config.database());
    List<PGNotification> heard = new ArrayList<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(500);
              if (notes != null) {
                heard.addAll(Arrays.asList(notes));
              }
              return heard.stream()
                  .anyMatch(
                      n -> notices.requestId(n.getParameter()).equals(Optional.of(requestId)));
            });
    // sealed on acme's own channel: another role hears nothing on a name it can guess, and the
    // payload shows neither the tenant nor the request
    assertThat(heard).allSatisfy(n -> assertThat(n.getName()).isEqualTo(notices.channel()));
    assertThat(heard)
        .allSatisfy(
            n ->
                assertThat(n.getParameter())
                    .doesNotContain(requestId.toString())
                    .doesNotContain(acme.config.database().schema()));
    assertThat(acme.recommended(requestId)).first().isEqualTo("mango");
    assertThat(
            acme.count("upload_ticket WHERE request_id = ? AND consumed_at IS NOT NULL", requestId))
        .isOne();
  }

  @Test
  void leavesOutWhatTheUploadsStoreHasSoldOut() throws Exception {
    byte[] pink = Frames.jpeg(Frames.COLOURS.get("strawberry"));
    UUID anywhere = uploadFrom(null, pink);
    await().atMost(PATIENCE).until(() -> acme.recommended(anywhere).size() == 3);
    List<String> ranking = acme.recommended(anywhere);
    assertThat(ranking).first().isEqualTo("strawberry");
    // store-7's register said it has run out of the first two (the rows the gateway writes)
    try (Connection admin = TestTenant.superuser(postgres);
        PreparedStatement insert =
            admin.prepareStatement("INSERT INTO acme.sold_out (store, flavour) VALUES (?, ?)")) {
      for (String flavour : ranking.subList(0, 2)) {
        insert.setString(1, "store-7");
        insert.setString(2, flavour);
        insert.executeUpdate();
      }
    }

    UUID atStore7 = uploadFrom("store-7", pink);
    UUID atStore8 = uploadFrom("store-8", pink);
    await().atMost(PATIENCE).until(() -> acme.recommended(atStore7).size() == 3);
    await().atMost(PATIENCE).until(() -> acme.recommended(atStore8).size() == 3);

    // the model's third is now first, and the next two fill ranks 2 and 3
    assertThat(acme.recommended(atStore7)).first().isEqualTo(ranking.get(2));
    assertThat(acme.recommended(atStore7)).doesNotContainAnyElementsOf(ranking.subList(0, 2));
    assertThat(
            acme.count("recommended_flavour WHERE request_id = ? AND rank IN (1, 2, 3)", atStore7))
        .isEqualTo(3);
    assertThat(acme.recommended(atStore8)).isEqualTo(ranking);
  }

  /**
   * A held-out session is shown the chain's best sellers of the holdout's window (sold-out ones
   * left out), every frame of it; a session in the model's arm gets the model's ranking; the rows
   * say which arm served them and for which store.
   */
  @Test
  void servesTheHoldoutArmTheChainsBestSellersAndRecordsTheArm() throws Exception {
    try (Connection admin = TestTenant.superuser(postgres)) {
      // sold in the window: mango 3, lemon 2, pistachio 1; mint 9 times, but 40 days ago
      for (String[] sale :
          List.of(
              new String[] {"mango", "1"},
              new String[] {"mango", "2"},
              new String[] {"mango", "3"},
              new String[] {"lemon", "1"},
              new String[] {"lemon", "2"},
              new String[] {"pistachio", "5"})) {
        sell(admin, sale[0], Integer.parseInt(sale[1]));
      }
      for (int i = 0; i < 9; i++) {
        sell(admin, "mint", 40);
      }
      admin
          .createStatement()
          .execute("INSERT INTO cassata.sold_out (store, flavour) VALUES ('store-1', 'lemon')");
    }
    String held = session(Arm.HOLDOUT);
    String modelled = session(Arm.MODEL);
    byte[] pink = Frames.jpeg(Frames.COLOURS.get("strawberry"));

    UUID heldFirst = uploadFrom(cassata, "store-1", held, pink);
    UUID heldSecond = uploadFrom(cassata, "store-2", held, pink);
    UUID model = uploadFrom(cassata, "store-1", modelled, pink);
    for (UUID id : List.of(heldFirst, heldSecond, model)) {
      await().atMost(PATIENCE).until(() -> cassata.recommended(id).size() == 3);
    }

    // store-1 has sold out of lemon: the next best seller, then the catalogue's first
    assertThat(cassata.recommended(heldFirst)).containsExactly("mango", "pistachio", "vanilla");
    assertThat(cassata.recommended(heldSecond)).containsExactly("mango", "lemon", "pistachio");
    assertThat(cassata.recommended(model)).first().isEqualTo("strawberry");
    assertThat(arm(heldFirst)).isEqualTo("holdout store-1");
    assertThat(arm(heldSecond)).isEqualTo("holdout store-2");
    assertThat(arm(model)).isEqualTo("model store-1");
  }

  private void sell(Connection admin, String flavour, int daysAgo) throws SQLException {
    UUID purchase = UUID.randomUUID();
    try (PreparedStatement p =
            admin.prepareStatement(
                "INSERT INTO cassata.purchase (purchase_id, request_id, store, purchased_at)"
                    + " VALUES (?, ?, 'store-9', now() - make_interval(days => ?))");
        PreparedStatement f =
            admin.prepareStatement(
                "INSERT INTO cassata.purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      p.setObject(1, purchase);
      p.setObject(2, UUID.randomUUID());
      p.setInt(3, daysAgo);
      p.executeUpdate();
      f.setObject(1, purchase);
      f.setString(2, flavour);
      f.executeUpdate();
    }
  }

  /** A session id the platform's split puts in {@code arm} of cassata's 50 % holdout. */
  private static String session(Arm arm) {
    for (int i = 0; ; i++) {
      String session = "till-1:visit-" + i;
      if (Arms.of("cassata", session, 50) == arm) {
        return session;
      }
    }
  }

  private String arm(UUID requestId) throws SQLException {
    try (Connection admin = TestTenant.superuser(postgres);
        PreparedStatement q =
            admin.prepareStatement(
                "SELECT arm, store FROM cassata.recommendation WHERE request_id = ?")) {
      q.setObject(1, requestId);
      try (var row = q.executeQuery()) {
        return row.next() ? row.getString(1) + " " + row.getString(2) : null;
      }
    }
  }

  /** Settled for good: the gateway's sweep must not send the event of a dead frame again. */
  @Test
  void consumesTheTicketOfAFrameItDeadLetters() throws Exception {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".jpg";
    insertTicket(requestId, key);
    byte[] notAFrame = "a shopping list".getBytes();
    String version = acme.upload(key, notAFrame, "image/jpeg");
    acme.send(TestTenant.event(acme.config.storage().bucket(), key, version, notAFrame.length));

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                acme.count(
                        "upload_ticket WHERE request_id = ? AND consumed_at IS NOT NULL", requestId)
                    == 1);
    assertThat(acme.recommended(requestId)).isEmpty();
    List<Message> dead = receiveAll(acme, acme.config.queue().deadLetterUrl(), 1);
    assertThat(dead)
        .singleElement()
        .satisfies(m -> assertThat(m.body()).contains(requestId.toString()));
  }

  @Test
  void deadLettersWhatIsNotAPictureWithAReasonAndKeepsGoing() throws Exception {
    byte[] jpeg = Frames.jpeg(Frames.COLOURS.get("blueberry"));
    UUID text = gelato.uploadFrame("I am a shopping list, not a frame".getBytes(), "jpg");
    UUID truncated = gelato.uploadFrame(Arrays.copyOf(jpeg, jpeg.length / 2), "jpg");
    gelato.send("this is not an S3 event");
    UUID good = gelato.uploadFrame(Frames.jpeg(Frames.COLOURS.get("chocolate")), "jpg");

    await().atMost(PATIENCE).until(() -> gelato.recommended(good).size() == 3);
    assertThat(gelato.recommended(good).get(0)).isEqualTo("Chocolate");

    List<Message> dead = receiveAll(gelato, gelato.config.queue().deadLetterUrl(), 3);
    assertThat(dead).hasSize(3);
    Map<String, String> reasons = new HashMap<>();
    for (Message m : dead) {
      Map<String, MessageAttributeValue> attributes = m.messageAttributes();
      assertThat(attributes.get("source-queue").stringValue())
          .isEqualTo(gelato.config.queue().url());
      reasons.put(m.body(), attributes.get("reason").stringValue());
    }
    assertThat(reasonFor(reasons, text.toString()))
        .startsWith("not a decodable image: neither JPEG, PNG nor WebP");
    assertThat(reasonFor(reasons, truncated.toString()))
        .startsWith("not a decodable image: damaged JPEG");
    assertThat(reasons.get("this is not an S3 event")).startsWith("not an S3 event notification");
    assertThat(gelato.recommended(text)).isEmpty();
    assertThat(gelato.recommended(truncated)).isEmpty();
    await().atMost(PATIENCE).until(() -> gelato.queued() == 0);
  }

  /**
   * A forged notification of thousands of records once sized the batch for all of them (600 KB of
   * direct memory each, an int overflow past 3,566): the worker died of an OutOfMemoryError while
   * its health still said serving. Now it is dead-lettered and the worker goes on.
   */
  @Test
  void deadLettersAForgedNotificationOfThousandsOfRecordsAndKeepsServing() throws Exception {
    // as small as a record can be, so that 3,000 fit SQS's 256 KiB (1.8 GB of batch, unchecked)
    String record =
        "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
            + sorbetto.config.storage().bucket()
            + "\"},\"object\":{\"key\":\"frames/x.jpg\"}}}";
    String forged = "{\"Records\":[" + String.join(",", Collections.nCopies(3000, record)) + "]}";
    sorbetto.send(forged);
    UUID good = sorbetto.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");

    await().atMost(PATIENCE).until(() -> sorbetto.recommended(good).size() == 3);
    List<Message> dead = receiveAll(sorbetto, sorbetto.config.queue().deadLetterUrl(), 1);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).messageAttributes().get("reason").stringValue())
        .contains("a notification of 3000 records; at most 10");
    Workers workers = worker.getBean(Workers.class);
    assertThat(workers.problems()).containsEntry("sorbetto", null);
    assertThat(workers.crashed()).isEmpty();
  }

  @Test
  void deadLettersAnEventForAnotherTenantsBucket() throws Exception {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".jpg";
    byte[] frame = Frames.jpeg(Frames.COLOURS.get("mint"));
    String version = gelato.upload(key, frame, "image/jpeg");
    // gelato's object announced on acme's queue: acme's worker must not read it
    acme.send(TestTenant.event(gelato.config.storage().bucket(), key, version, frame.length));

    List<Message> dead = receiveAll(acme, acme.config.queue().deadLetterUrl(), 1);

    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).messageAttributes().get("reason").stringValue())
        .contains("not this tenant's bucket acme-frames");
    assertThat(acme.count("recommendation WHERE request_id = ?", requestId)).isZero();
  }

  @Test
  void storesADuplicatedEventOnce() throws Exception {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".png";
    byte[] frame = Frames.png(Frames.COLOURS.get("lemon"));
    String version = acme.upload(key, frame, "image/png");
    String event = TestTenant.event(acme.config.storage().bucket(), key, version, frame.length);
    double duplicatesBefore = frames("acme", "duplicate");

    acme.send(event);
    acme.send(event);

    await().atMost(PATIENCE).until(() -> frames("acme", "duplicate") == duplicatesBefore + 1);
    await().atMost(PATIENCE).until(() -> acme.queued() == 0);
    assertThat(acme.count("recommendation WHERE request_id = ?", requestId)).isOne();
    assertThat(acme.count("recommended_flavour WHERE request_id = ?", requestId)).isEqualTo(3);
    assertThat(acme.recommended(requestId).get(0)).isEqualTo("lemon");
  }

  @Test
  void servesANewModelVersionPublishedToTheBucketWithoutARestart() throws Exception {
    UUID before = sorbetto.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");
    await().atMost(PATIENCE).until(() -> !sorbetto.recommended(before).isEmpty());
    assertThat(sorbetto.recommended(before).get(0)).isEqualTo("strawberry");

    // the "new version" names the pink output pistachio
    List<String> swapped = new ArrayList<>(labels());
    java.util.Collections.swap(
        swapped, swapped.indexOf("strawberry"), swapped.indexOf("pistachio"));
    publishModel(sorbetto, swapped);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              UUID after =
                  sorbetto.uploadFrame(Frames.jpeg(Frames.COLOURS.get("strawberry")), "jpg");
              await().atMost(PATIENCE).until(() -> !sorbetto.recommended(after).isEmpty());
              assertThat(sorbetto.recommended(after).get(0)).isEqualTo("pistachio");
            });
  }

  @Test
  void reportsHealthAndPrometheusMetrics() throws Exception {
    int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
    HttpClient http = HttpClient.newHttpClient();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(get(http, port, "/actuator/health")).contains("\"status\":\"UP\""));
    String metrics = get(http, port, "/actuator/prometheus");

    assertThat(metrics)
        .contains("sundae_inference_frames_total")
        .contains("sundae_inference_forward_seconds_bucket")
        .contains("sundae_inference_latency_seconds_bucket")
        .contains("tenant=\"gelato\"");
  }

  private double frames(String tenant, String outcome) {
    return worker
        .getBean(MeterRegistry.class)
        .get("sundae.inference.frames")
        .tag("tenant", tenant)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The ticket the gateway would have written when it signed the upload URL of {@code key}. */
  private void insertTicket(UUID requestId, String key) throws SQLException {
    insertTicket(requestId, key, null);
  }

  private void insertTicket(UUID requestId, String key, String store) throws SQLException {
    insertTicket(acme, requestId, key, store, null);
  }

  private void insertTicket(
      TestTenant tenant, UUID requestId, String key, String store, String session)
      throws SQLException {
    try (Connection admin = TestTenant.superuser(postgres);
        PreparedStatement insert =
            admin.prepareStatement(
                "INSERT INTO "
                    + tenant.config.database().schema()
                    + ".upload_ticket (request_id, object_key, content_type, max_bytes,"
                    + " store, session, expires_at) VALUES (?, ?, 'image/jpeg', 1000000, ?, ?,"
                    + " now() + interval '5 minutes')")) {
      insert.setObject(1, requestId);
      insert.setString(2, key);
      insert.setString(3, store);
      insert.setString(4, session);
      insert.executeUpdate();
    }
  }

  /** A frame uploaded from {@code store}, as a register does once the gateway signed its URL. */
  private UUID uploadFrom(String store, byte[] frame) throws Exception {
    return uploadFrom(acme, store, null, frame);
  }

  private UUID uploadFrom(TestTenant tenant, String store, String session, byte[] frame)
      throws Exception {
    UUID requestId = UUID.randomUUID();
    String key = "frames/" + requestId + ".jpg";
    insertTicket(tenant, requestId, key, store, session);
    String version = tenant.upload(key, frame, "image/jpeg");
    tenant.send(TestTenant.event(tenant.config.storage().bucket(), key, version, frame.length));
    return requestId;
  }

  private static List<Message> receiveAll(TestTenant tenant, String queue, int expected) {
    List<Message> received = new ArrayList<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              received.addAll(
                  tenant
                      .sqs
                      .receiveMessage(
                          b ->
                              b.queueUrl(queue)
                                  .maxNumberOfMessages(10)
                                  .waitTimeSeconds(1)
                                  .messageAttributeNames("All"))
                      .messages());
              return received.size() >= expected;
            });
    return received;
  }

  private static String reasonFor(Map<String, String> reasons, String requestId) {
    return reasons.entrySet().stream()
        .filter(e -> e.getKey().contains(requestId))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dead letter for " + requestId + ": " + reasons));
  }

  private static List<String> labels() throws Exception {
    return List.of(
        new String(resource("model/reference/labels.txt"), StandardCharsets.UTF_8).split("\n"));
  }

  private static void publishModel(TestTenant tenant, List<String> labels) throws Exception {
    String bucket = tenant.config.storage().bucket();
    tenant.s3.putObject(
        b -> b.bucket(bucket).key("models/current/model.pt"),
        RequestBody.fromBytes(resource("model/reference/model.pt")));
    tenant.s3.putObject(
        b -> b.bucket(bucket).key("models/current/labels.txt"),
        RequestBody.fromString(String.join("\n", labels) + "\n"));
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = InferenceWorkerIT.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
