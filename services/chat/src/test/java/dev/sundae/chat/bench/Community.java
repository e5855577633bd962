package dev.sundae.chat.bench;

import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.audio.Clips;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The chat side of the benchmark: a tenant's members, signed in at Keycloak, in one open group that
 * all of them joined. A member posts as an app does, through the tests' {@link Api}: a signed
 * upload, the PUT of a small valid Ogg Opus clip ({@link Clips}), then the POST of the message.
 */
final class Community {

  private static final byte[] CLIP = Clips.oggOpus(1_000);

  private final Api api;
  private final List<TestMember> members;
  private final String group;

  private Community(Api api, List<TestMember> members, String group) {
    this.api = api;
    this.members = members;
    this.group = group;
  }

  /** {@code count} distinct Keycloak users of {@code tenant}, each with an access token. */
  static List<TestMember> signIn(ChatTenants tenants, ChatTenant tenant, int count)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TestMember>> signedIn = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String username = "member-" + i;
        signedIn.add(pool.submit(() -> tenants.member(tenant, username)));
      }
      List<TestMember> members = new ArrayList<>();
      for (Future<TestMember> member : signedIn) {
        members.add(member.get(2, TimeUnit.MINUTES));
      }
      return members;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The first member opens a group; every other member joins it. */
  static Community gather(Api api, List<TestMember> members) {
    for (TestMember member : members) {
      expect(api.get("/v1/me", member.token()), 200);
    }
    Api.Response created =
        api.post(
            "/v1/conversations",
            members.get(0).token(),
            Map.of("kind", "group", "title", "benchmark", "open", true));
    expect(created, 201);
    String group = created.json().path("id").asString();
    for (TestMember member : members.subList(1, members.size())) {
      expect(api.post("/v1/conversations/" + group + "/join", member.token(), ""), 204);
    }
    return new Community(api, members, group);
  }

  int size() {
    return members.size();
  }

  /** Device {@code i} of the members, {@code i} modulo their number: one token per member. */
  Sockets.Target device(int i) {
    return new Sockets.Target(
        URI.create(api.base().replace("http:", "ws:") + "/v1/live"),
        members.get(i % members.size()).token());
  }

  /**
   * Member {@code poster} posting: upload and PUT first, then the clock starts and the message is
   * posted; the POST's own latency goes to {@code postLatencies}.
   */
  Measure.Sender poster(int poster, Deliveries deliveries, Samples postLatencies) {
    TestMember member = members.get(poster);
    String path = "/v1/conversations/" + group + "/messages";
    return (id, latencies) -> {
      String upload = api.upload(member.token(), "audio/ogg", CLIP);
      Deliveries.Pending sent = deliveries.expect(id, members.size(), latencies);
      Api.Response posted =
          api.post(path, member.token(), Map.of("clientMessageId", id, "uploadId", upload));
      postLatencies.add(System.nanoTime() - sent.sentAt());
      expect(posted, 201);
      return sent;
    };
  }

  /** What the service counts as open connections ({@code sundae_chat_live_connections}). */
  int serverCount() {
    return (int) metric("sundae_chat_live_connections", "");
  }

  /** Live events the service could not send: it closed those connections ({@code failed}). */
  long droppedSends() {
    return (long) metric("sundae_chat_live_events_total", "outcome=\"failed\"");
  }

  // the sum of a Prometheus metric's lines that contain the label
  private double metric(String name, String label) {
    return api.get("/actuator/prometheus", null)
        .body()
        .lines()
        .filter(line -> line.startsWith(name) && line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void expect(Api.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response);
    }
  }
}
