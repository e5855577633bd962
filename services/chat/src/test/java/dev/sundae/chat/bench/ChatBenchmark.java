package dev.sundae.chat.bench;

import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver, not a test: the chat service (its Boot jar, in its own JVM) against real PostgreSQL,
 * MinIO and Keycloak, and beside it a minimal WebSocket broadcast server ({@link BroadcastServer},
 * own JVM, same heap settings) as the baseline, both driven by the same client code ({@link
 * Sockets}). Measures connections held through heartbeats with the server's heap and RSS per
 * connection, fan-out latency to a group's devices, and messages per second; prints chat against
 * baseline. Every phase is bounded in count and time; all traffic is on 127.0.0.1.
 *
 * <p>Run: {@code ./mvnw -B -pl services/chat -am -Pbenchmark -DskipTests verify} (settings in
 * services/chat/pom.xml, {@code -Dbenchmark.connections=10000} and so on).
 */
public final class ChatBenchmark {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The longest a server JVM lives, should this driver die without stopping it. */
  private static final Duration SERVER_LIFETIME = Duration.ofMinutes(45);

  /** The longest the measured messages may take, one after another. */
  private static final Duration MEASURE_LIMIT = Duration.ofMinutes(5);

  private ChatBenchmark() {}

  /**
   * @param connections connections held
   * @param members group members, one device each for the fan-out; also the members whose tokens
   *     the held connections use
   * @param warmUp how long each server is warmed up before anything is measured: the JIT compiler
   *     threads compete with the load for the cores, and a shorter warm-up measured them
   * @param messages messages measured
   * @param posters threads posting in the throughput phase
   * @param maxPosts the most posts in the throughput phase
   * @param throughputTime the longest the throughput phase lasts
   * @param hold how long the connections are held
   * @param heartbeat the chat's ping period during the run
   * @param heap the heap settings of both server JVMs
   * @param chatJar the chat service's Boot jar
   */
  record Settings(
      int connections,
      int members,
      Duration warmUp,
      int messages,
      int posters,
      int maxPosts,
      Duration throughputTime,
      Duration hold,
      Duration heartbeat,
      List<String> heap,
      Path chatJar) {

    static Settings fromSystemProperties() {
      return new Settings(
          Integer.getInteger("benchmark.connections", 10_000),
          Integer.getInteger("benchmark.members", 100),
          Duration.ofSeconds(Long.getLong("benchmark.warmup", 120)),
          Integer.getInteger("benchmark.messages", 200),
          Integer.getInteger("benchmark.posters", 8),
          Integer.getInteger("benchmark.posts", 10_000),
          Duration.ofSeconds(Long.getLong("benchmark.seconds", 30)),
          Duration.ofSeconds(Long.getLong("benchmark.hold", 15)),
          Duration.ofSeconds(Long.getLong("benchmark.heartbeat", 5)),
          List.of(System.getProperty("benchmark.heap", "-Xmx2g -XX:+UseG1GC").split("\\s+")),
          Path.of(System.getProperty("benchmark.jar", "target/sundae-chat.jar")));
    }
  }

  /**
   * @param fanOut the measured messages, one after another
   * @param post the POST's own latency for them (the chat only)
   * @param throughput posts per second with fan-out (the chat only)
   * @param frameLength the length of a delivered frame
   * @param devicesAfterRate the 100 devices after the throughput phase (the chat only)
   * @param held the connections held
   */
  record Result(
      Measure.FanOut fanOut,
      Samples.Summary post,
      Measure.Throughput throughput,
      int frameLength,
      Devices devicesAfterRate,
      Measure.Held held) {}

  /**
   * @param open devices still connected
   * @param closeCodes close codes they received, by code
   * @param dropped live events the service could not send (it closes such a connection)
   */
  record Devices(int open, Map<Integer, Integer> closeCodes, long dropped) {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.fromSystemProperties();
    System.out.println(settings);
    try (KeycloakServer keycloak = new KeycloakServer();
        MinioServer minio = new MinioServer();
        PostgresServer postgres = new PostgresServer()) {
      step("starting Keycloak, MinIO, PostgreSQL");
      keycloak.start();
      minio.start();
      postgres.start();
      ChatTenants tenants = new ChatTenants(keycloak, minio, postgres);
      // tokens outlive the run: a live connection closes when its token expires
      ChatTenant tenant = tenants.add("bench", Optional.of(Duration.ofHours(2)));
      step("signing in " + settings.members() + " members");
      List<TestMember> members = Community.signIn(tenants, tenant, settings.members());
      Result chat = chat(settings, tenants, members);
      Result baseline = baseline(settings, chat.frameLength());
      Report.print(settings, chat, baseline);
    }
  }

  private static Result chat(Settings settings, ChatTenants tenants, List<TestMember> members)
      throws Exception {
    int port = ServerProcess.freePort();
    Map<String, Object> config = new LinkedHashMap<>(tenants.properties());
    config.put("server.address", "127.0.0.1");
    config.put("server.port", port);
    // actuator on the API's port here: the run reads health and metrics where it posts
    config.put("management.server.port", port);
    config.put("sundae.chat.live.heartbeat", settings.heartbeat().toMillis() + "ms");
    // the per-member rate limit would stop a poster after 30 messages a minute
    config.put("sundae.chat.messages-per-minute", 1_000_000);
    // and the per-member socket cap (10 by default) would refuse all but 10 of each member's
    // connections: the run holds its connections with the tokens of a few members
    config.put(
        "sundae.chat.live.max-sockets-per-member", settings.connections() / settings.members() + 1);
    config.put("logging.level.root", "WARN");
    step("starting the chat service (" + settings.chatJar() + ")");
    List<String> flags = new ArrayList<>(settings.heap());
    // -Dbenchmark.jfr=FILE: a JFR recording of the chat's JVM (profile settings), for `jfr`
    String jfr = System.getProperty("benchmark.jfr", "");
    if (!jfr.isBlank()) {
      flags.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
    try (ServerJvm server =
        ServerJvm.start(
            "chat",
            port,
            flags,
            List.of("-jar", settings.chatJar().toString()),
            Map.of("SPRING_APPLICATION_JSON", JSON.writeValueAsString(config)),
            "/actuator/health/readiness",
            SERVER_LIFETIME)) {
      Community community = Community.gather(new Api(port), members);
      Deliveries deliveries = new Deliveries();
      int n = community.size();
      Measure.FanOut fanOut;
      Samples post = new Samples(settings.messages());
      Measure.Throughput throughput;
      Devices afterRate;
      try (Sockets devices = new Sockets(deliveries::received)) {
        requireAll(devices.open(n, community::device, 32, Duration.ofMinutes(2)), n, devices);
        step("chat: warming up for " + settings.warmUp().toSeconds() + " s with 2 posters");
        Measure.throughput(
            "warm",
            2,
            10_000,
            settings.warmUp(),
            n,
            p -> community.poster(p, deliveries, new Samples(10_000)),
            deliveries,
            server);
        // a device that closed (the figures would wait for its receipts) is opened again before
        // the measured run, and a measured run that loses one is run again once, then refused
        fanOut = null;
        for (int attempt = 1; fanOut == null; attempt++) {
          reopen(devices, community::device, n);
          step("chat: " + settings.messages() + " messages measured");
          post = new Samples(settings.messages());
          int closedBefore = closed(devices);
          Measure.FanOut measured =
              Measure.fanOut(
                  "fan",
                  settings.messages(),
                  MEASURE_LIMIT,
                  n,
                  community.poster(0, deliveries, post),
                  deliveries,
                  server);
          if (closed(devices) == closedBefore && measured.missing() == 0) {
            fanOut = measured;
          } else if (attempt == 2) {
            throw new IllegalStateException(
                "devices closed during the measured fan-out twice ("
                    + devices.closeCodes()
                    + ", first failure: "
                    + devices.firstFailure()
                    + "): no sound figure");
          } else {
            System.out.printf(
                "  a device closed or missed a message during it (%d missing; close codes %s,"
                    + " first failure: %s): measured again%n",
                measured.missing(), devices.closeCodes(), devices.firstFailure());
          }
        }
        System.out.printf(
            "  fan-out %s, missing %d, CPU per message %.2f ms (JIT %.2f ms); POST %s%n",
            fanOut.latency(),
            fanOut.missing(),
            fanOut.cpuMsPerMessage(),
            fanOut.jitMsPerMessage(),
            post.summary());
        step("chat: throughput, " + settings.posters() + " posters");
        throughput =
            Measure.throughput(
                "rate",
                settings.posters(),
                settings.maxPosts(),
                settings.throughputTime(),
                n,
                p -> community.poster(p % n, deliveries, new Samples(settings.maxPosts())),
                deliveries,
                server);
        System.out.printf(
            "  %,d posts in %.1f s, %d errors (%s), %,d of %,d receipts missing%n",
            throughput.posts(),
            throughput.seconds(),
            throughput.errors(),
            throughput.firstError(),
            throughput.missing(),
            throughput.expected());
        afterRate =
            new Devices(devices.stillOpen(), devices.closeCodes(), community.droppedSends());
        System.out.println(
            "  devices after it: " + afterRate + "; first failure: " + devices.firstFailure());
      }
      step("chat: " + settings.connections() + " connections held");
      Measure.Held held =
          Measure.hold(
              server,
              settings.connections(),
              community::device,
              settings.hold(),
              community::serverCount);
      return new Result(
          fanOut, post.summary(), throughput, deliveries.frameLength(), afterRate, held);
    }
  }

  private static Result baseline(Settings settings, int frameLength) throws Exception {
    int port = ServerProcess.freePort();
    step("starting the baseline broadcast server");
    try (ServerJvm server =
        ServerJvm.start(
            "broadcast",
            port,
            settings.heap(),
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                BroadcastServer.class.getName(),
                Integer.toString(port)),
            Map.of(),
            "/ready",
            SERVER_LIFETIME)) {
      Sockets.Target target =
          new Sockets.Target(URI.create(server.base("ws") + "/broadcast"), null);
      Deliveries deliveries = new Deliveries();
      int n = settings.members();
      Measure.FanOut fanOut;
      try (Sockets devices = new Sockets(deliveries::received)) {
        List<WebSocket> open = devices.open(n, i -> target, 32, Duration.ofMinutes(2));
        requireAll(open, n, devices);
        WebSocket sender = open.get(0);
        Measure.Sender send =
            (id, latencies) -> {
              String frame = frame(id, frameLength);
              Deliveries.Pending sent = deliveries.expect(id, n, latencies);
              sender.sendText(frame, true).get(10, TimeUnit.SECONDS);
              return sent;
            };
        step("baseline: warming up for " + settings.warmUp().toSeconds() + " s");
        Measure.fanOut("warm", 20_000, settings.warmUp(), n, send, deliveries, server);
        step("baseline: " + settings.messages() + " frames measured");
        fanOut =
            Measure.fanOut("fan", settings.messages(), MEASURE_LIMIT, n, send, deliveries, server);
        System.out.printf(
            "  fan-out %s, missing %d, CPU per frame %.2f ms (JIT %.2f ms)%n",
            fanOut.latency(), fanOut.missing(), fanOut.cpuMsPerMessage(), fanOut.jitMsPerMessage());
      }
      step("baseline: " + settings.connections() + " connections held");
      Measure.Held held =
          Measure.hold(server, settings.connections(), i -> target, settings.hold(), () -> -1);
      return new Result(fanOut, null, null, deliveries.frameLength(), null, held);
    }
  }

  /** A frame of the chat event's length, carrying the id the receivers match. */
  private static String frame(String id, int length) {
    String head =
        "{\"type\":\"message\",\"message\":{\"clientMessageId\":\"" + id + "\",\"pad\":\"";
    String tail = "\"}}";
    return head + "x".repeat(Math.max(0, length - head.length() - tail.length())) + tail;
  }

  /** Opens again the devices that closed; refuses to go on when they cannot all be open. */
  private static void reopen(Sockets devices, IntFunction<Sockets.Target> target, int n)
      throws InterruptedException {
    if (devices.stillOpen() < n) {
      int reopened = devices.reopenClosed(target);
      System.out.printf(
          "  %d device(s) had closed (close codes %s, first failure: %s): %d reopened%n",
          n - (devices.stillOpen() - reopened),
          devices.closeCodes(),
          devices.firstFailure(),
          reopened);
    }
    if (devices.stillOpen() != n) {
      throw new IllegalStateException(
          devices.stillOpen() + " of " + n + " devices open: " + devices.firstFailure());
    }
  }

  /** How many device connections have ended, by any close code. */
  private static int closed(Sockets devices) {
    return devices.closeCodes().values().stream().mapToInt(Integer::intValue).sum();
  }

  private static void requireAll(List<WebSocket> open, int n, Sockets devices) {
    if (open.size() != n) {
      throw new IllegalStateException(
          open.size() + " of " + n + " devices connected: " + devices.firstFailure());
    }
  }

  private static void step(String what) {
    System.out.printf("%tT %s%n", System.currentTimeMillis(), what);
  }
}
