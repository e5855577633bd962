package dev.sundae.gateway.analytics;

import dev.sundae.gateway.UploadBenchmark;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantRealm;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.bench.BenchRow;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code GET /v1/analytics/uplift} and {@code GET /v1/analytics/policy} on a tenant with a year of
 * 10 million recommendations (5 % held out, 50 stores, 30 % converted, one purchase each: 3 million
 * purchases; the model arm's rows log a learning policy's choice among five candidates in eight
 * contexts with 20 % exploration), through the gateway's own jar in its own JVM, as an analyst: p50
 * and p99 of 200 requests for a window of a year that starts and ends inside a day, and for a
 * 30-day one, beside the same endpoint over an empty window (the fixed cost: HTTP, the token, the
 * tenant's connection). Then the plans of the year's queries, and a check that each endpoint's
 * counts are the rows'.
 *
 * <pre>./mvnw -B -ntp -pl services/gateway -am -Puplift-benchmark -DskipTests verify</pre>
 *
 * {@code -Dbenchmark.recommendations=N} for fewer rows.
 */
public final class UpliftBenchmark {

  private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
  private static final int REQUESTS = 200;
  private static final String UPLIFT = "/v1/analytics/uplift";
  private static final String POLICY = "/v1/analytics/policy";

  private UpliftBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.getLong("benchmark.recommendations", 10_000_000L);
    try (KeycloakServer keycloak = new KeycloakServer();
        PostgresServer postgres = new PostgresServer()) {
      keycloak.start();
      postgres.start();
      keycloak.importRealm(
          TenantRealm.representation("bench", "sundae", "s3cret", TenantRealm.TOKEN_LIFESPAN));
      keycloak.createUser("bench", "analyst", "pw-analyst", CallerRole.ANALYST.roleName());
      // a token per measured series: writing the rows outlasts a token's lifetime
      Supplier<String> tokens =
          () -> keycloak.passwordToken("bench", TenantRealm.DASHBOARD, "", "analyst", "pw-analyst");
      String password = UUID.randomUUID().toString();
      UploadBenchmark.createTenantRole(postgres, password);
      int port = ServerProcess.freePort();
      try (ServerProcess gateway =
          UploadBenchmark.gateway(keycloak.issuer("bench"), postgres.jdbcUrl(), password, port)) {
        try (Connection tenant =
            DriverManager.getConnection(postgres.jdbcUrl(), "bench", password)) {
          tenant.setSchema("bench");
          generate(tenant, rows);
          HttpClient http = HttpClient.newHttpClient();
          Instant yearFrom = START.plus(Duration.ofHours(6));
          Instant yearTo = START.plus(Duration.ofDays(365)).minus(Duration.ofHours(6));
          Instant monthFrom = START.plus(Duration.ofDays(200)).plus(Duration.ofHours(9));
          Instant monthTo = monthFrom.plus(Duration.ofDays(30));
          Instant emptyFrom = START.minus(Duration.ofDays(30));
          Instant emptyTo = START.minus(Duration.ofDays(29));

          String year = get(http, port, tokens.get(), UPLIFT, yearFrom, yearTo);
          check(tenant, year, yearFrom, yearTo);
          checkPolicy(
              tenant, get(http, port, tokens.get(), POLICY, yearFrom, yearTo), yearFrom, yearTo);
          System.out.printf("uplift_daily: %s%n", size(tenant));
          double[] empty = measure(http, port, tokens.get(), UPLIFT, emptyFrom, emptyTo);
          double[] month = measure(http, port, tokens.get(), UPLIFT, monthFrom, monthTo);
          double[] whole = measure(http, port, tokens.get(), UPLIFT, yearFrom, yearTo);
          double[] policyEmpty = measure(http, port, tokens.get(), POLICY, emptyFrom, emptyTo);
          double[] policyMonth = measure(http, port, tokens.get(), POLICY, monthFrom, monthTo);
          double[] policyYear = measure(http, port, tokens.get(), POLICY, yearFrom, yearTo);
          System.out.printf(
              "%nGET /v1/analytics/uplift, %d sequential requests each, %,d recommendations:%n",
              REQUESTS, rows);
          System.out.printf(
              "  empty window:      p50 %6.1f ms  p99 %6.1f ms%n", empty[0], empty[1]);
          System.out.printf(
              "  30 days:           p50 %6.1f ms  p99 %6.1f ms%n", month[0], month[1]);
          System.out.printf(
              "  a year (365 days): p50 %6.1f ms  p99 %6.1f ms%n", whole[0], whole[1]);
          System.out.printf("%nGET /v1/analytics/policy, the same:%n");
          System.out.printf(
              "  empty window:      p50 %6.1f ms  p99 %6.1f ms%n", policyEmpty[0], policyEmpty[1]);
          System.out.printf(
              "  30 days:           p50 %6.1f ms  p99 %6.1f ms%n", policyMonth[0], policyMonth[1]);
          System.out.printf(
              "  a year (365 days): p50 %6.1f ms  p99 %6.1f ms%n", policyYear[0], policyYear[1]);
          explain(tenant, UpliftQuery.SQL, yearFrom, yearTo);
          explain(tenant, PolicyQuery.SQL, yearFrom, yearTo);
          new BenchRow(
                  "uplift query",
                  "p99 ms, a year of "
                      + rows / 1_000_000
                      + "M recommendations (baseline: empty"
                      + " window)",
                  whole[1],
                  empty[1],
                  "<= 100 ms",
                  whole[1] <= 100)
              .print();
          new BenchRow(
                  "uplift query",
                  "p99 ms, 30 days (baseline: empty window)",
                  month[1],
                  empty[1],
                  "<= 100 ms",
                  month[1] <= 100)
              .print();
          new BenchRow(
                  "policy query",
                  "p99 ms, a year of "
                      + rows / 1_000_000
                      + "M recommendations (baseline: empty window)",
                  policyYear[1],
                  policyEmpty[1],
                  "<= 100 ms",
                  policyYear[1] <= 100)
              .print();
          new BenchRow(
                  "policy query",
                  "p99 ms, 30 days (baseline: empty window)",
                  policyMonth[1],
                  policyEmpty[1],
                  "<= 100 ms",
                  policyMonth[1] <= 100)
              .print();
        }
      }
    }
  }

  /**
   * Rows as the worker and the gateway leave them, written in bulk with the schema's triggers off
   * (through them, 10 million rows took 35 minutes, each day's row updated ~27,000 times in one
   * transaction); the daily tables are then filled in one statement each, as the migrations
   * backfill them. That the triggers keep the same figures row by row is what UpliftIT, PolicyIT
   * and PolicyLearningIT check; here the endpoints' counts and estimate are checked against the
   * rows.
   */
  private static void generate(Connection tenant, long rows) throws Exception {
    long started = System.nanoTime();
    try (Statement sql = tenant.createStatement()) {
      sql.execute("SET synchronous_commit = off");
      sql.execute("ALTER TABLE recommendation DISABLE TRIGGER USER");
      sql.execute("ALTER TABLE purchased_flavour DISABLE TRIGGER USER");
      long chunk = 1_000_000;
      for (long first = 1; first <= rows; first += chunk) {
        long last = Math.min(rows, first + chunk - 1);
        sql.execute(
            """
            INSERT INTO recommendation
                (request_id, bucket, object_key, model_version, created_at, arm, store,
                 converted_at, context, candidates, action, propensity, greedy)
            SELECT gen_random_uuid(), 'frames-bench', 'frames/' || i || '.jpg', 'bench', t.at,
                   p.arm, 'store-' || (i %% 50),
                   CASE WHEN random() < 0.3 THEN t.at + interval '2 minutes' END,
                   CASE WHEN p.model THEN p.candidates[1] END,
                   CASE WHEN p.model THEN p.candidates END,
                   CASE WHEN p.model THEN p.candidates[p.shown] END,
                   CASE WHEN p.model THEN CASE WHEN p.shown = p.best THEN 0.84 ELSE 0.04 END END,
                   CASE WHEN p.model THEN p.candidates[p.best] END
            FROM generate_series(%d, %d) i,
                 LATERAL (SELECT timestamptz '%s'
                                 + (i::double precision / %d) * interval '365 days' AS at) t,
                 LATERAL (SELECT a.arm, a.arm = 'model' AS model, c.candidates,
                                 1 + (i %% 3 = 0)::int AS best,
                                 CASE WHEN random() < 0.2 THEN 1 + floor(random() * 5)::int
                                      ELSE 1 + (i %% 3 = 0)::int END AS shown
                          FROM (SELECT CASE WHEN random() < 0.05 THEN 'holdout'
                                            ELSE 'model' END AS arm) a,
                               (SELECT (ARRAY['vanilla','chocolate','strawberry','pistachio',
                                              'mint','mango','lemon','blueberry',
                                              'vanilla','chocolate','strawberry','pistachio'])
                                       [1 + i %% 8 : 5 + i %% 8] AS candidates) c) p
            """
                .formatted(first, last, START, rows));
        System.out.printf(
            "  %,d recommendations written (%d s)%n",
            last, (System.nanoTime() - started) / 1_000_000_000);
      }
      sql.execute(
          """
          INSERT INTO purchase (purchase_id, request_id, store, purchased_at)
          SELECT gen_random_uuid(), request_id, store, converted_at
          FROM recommendation WHERE converted_at IS NOT NULL
          """);
      sql.execute(
          "INSERT INTO purchased_flavour (purchase_id, flavour) SELECT purchase_id, 'vanilla'"
              + " FROM purchase");
      sql.execute("ALTER TABLE recommendation ENABLE TRIGGER USER");
      sql.execute("ALTER TABLE purchased_flavour ENABLE TRIGGER USER");
      sql.execute(
          """
          INSERT INTO uplift_daily
          SELECT (created_at AT TIME ZONE 'UTC')::date, coalesce(store, ''), arm, count(*),
                 count(converted_at)
          FROM recommendation GROUP BY 1, 2, 3
          """);
      sql.execute(
          """
          INSERT INTO policy_daily
          SELECT day, context, action, count(*), count(converted_at),
                 sum(l), coalesce(sum(l) FILTER (WHERE won), 0),
                 coalesce(sum(l * l) FILTER (WHERE won), 0), count(*) FILTER (WHERE l > 0),
                 sum(m), coalesce(sum(m) FILTER (WHERE won), 0),
                 coalesce(sum(m * m) FILTER (WHERE won), 0), count(*) FILTER (WHERE m > 0)
          FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, context, action, converted_at,
                       converted_at IS NOT NULL AS won,
                       policy_weight(greedy, action, propensity) AS l,
                       policy_weight(candidates[1], action, propensity) AS m
                FROM recommendation WHERE propensity IS NOT NULL) r
          GROUP BY 1, 2, 3
          """);
      sql.execute("VACUUM ANALYZE recommendation");
      sql.execute("VACUUM ANALYZE uplift_daily");
      sql.execute("VACUUM ANALYZE policy_daily");
      try (ResultSet counts =
          sql.executeQuery(
              "SELECT (SELECT count(*) FROM recommendation), (SELECT count(*) FROM purchase),"
                  + " (SELECT count(*) FROM uplift_daily)")) {
        counts.next();
        System.out.printf(
            "generated %,d recommendations, %,d purchases (%,d daily rows) in %d s%n",
            counts.getLong(1),
            counts.getLong(2),
            counts.getLong(3),
            (System.nanoTime() - started) / 1_000_000_000);
      }
    }
  }

  private static String size(Connection tenant) throws Exception {
    try (Statement sql = tenant.createStatement();
        ResultSet row =
            sql.executeQuery(
                "SELECT pg_size_pretty(pg_total_relation_size('uplift_daily')),"
                    + " pg_relation_size('uplift_daily') / 8192")) {
      row.next();
      return row.getString(1) + " (" + row.getLong(2) + " pages)";
    }
  }

  /** The policy endpoint's logged counts against a count of the logged rows themselves. */
  private static void checkPolicy(Connection tenant, String body, Instant from, Instant to)
      throws Exception {
    try (PreparedStatement count =
        tenant.prepareStatement(
            "SELECT count(*), count(converted_at),"
                + " sum(CASE WHEN action = greedy AND converted_at IS NOT NULL"
                + " THEN 1 / propensity ELSE 0 END)"
                + " FROM recommendation"
                + " WHERE propensity IS NOT NULL AND created_at >= ? AND created_at < ?")) {
      count.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      count.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      try (ResultSet row = count.executeQuery()) {
        row.next();
        var json = new ObjectMapper().readTree(body);
        long served = json.path("logged").path("recommendations").asLong();
        long converted = json.path("logged").path("converted").asLong();
        System.out.printf(
            "policy: the endpoint %,d logged, %,d converted; the rows %,d, %,d; learned %s%n",
            served, converted, row.getLong(1), row.getLong(2), json.path("learned"));
        if (served != row.getLong(1) || converted != row.getLong(2)) {
          throw new IllegalStateException("the policy endpoint's counts are not the rows'");
        }
        double learned = json.path("learned").path("conversion").asDouble();
        double fromRows = row.getDouble(3) / row.getLong(1);
        System.out.printf("policy: learned IPS %.6f; from the rows %.6f%n", learned, fromRows);
        if (Math.abs(learned - fromRows) > 1e-9) {
          throw new IllegalStateException("the policy endpoint's estimate is not the rows'");
        }
      }
    }
  }

  /** The endpoint's overall counts against a count of the rows themselves. */
  private static void check(Connection tenant, String body, Instant from, Instant to)
      throws Exception {
    try (PreparedStatement count =
        tenant.prepareStatement(
            "SELECT count(*), count(converted_at) FROM recommendation"
                + " WHERE created_at >= ? AND created_at < ?")) {
      count.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      count.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
      try (ResultSet row = count.executeQuery()) {
        row.next();
        var json = new ObjectMapper().readTree(body).path("overall");
        long served =
            json.path("model").path("recommendations").asLong()
                + json.path("holdout").path("recommendations").asLong();
        long converted =
            json.path("model").path("converted").asLong()
                + json.path("holdout").path("converted").asLong();
        System.out.printf(
            "counts: the endpoint %,d served, %,d converted; the rows %,d, %,d%n",
            served, converted, row.getLong(1), row.getLong(2));
        if (served != row.getLong(1) || converted != row.getLong(2)) {
          throw new IllegalStateException("the endpoint's counts are not the rows'");
        }
      }
    }
  }

  private static double[] measure(
      HttpClient http, int port, String token, String path, Instant from, Instant to)
      throws Exception {
    for (int i = 0; i < 20; i++) {
      get(http, port, token, path, from, to);
    }
    double[] millis = new double[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      long start = System.nanoTime();
      get(http, port, token, path, from, to);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new double[] {millis[REQUESTS / 2], millis[(int) Math.ceil(REQUESTS * 0.99) - 1]};
  }

  private static String get(
      HttpClient http, int port, String token, String path, Instant from, Instant to)
      throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path + "?from=" + from + "&to=" + to))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** The plan of a query over the year's window, as the tenant's role runs it. */
  private static void explain(Connection tenant, String query, Instant from, Instant to)
      throws Exception {
    try (PreparedStatement explain =
        tenant.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
      Object[] parameters = Window.of(from, to).parameters();
      for (int i = 0; i < parameters.length; i++) {
        explain.setObject(i + 1, parameters[i]);
      }
      System.out.printf("%nQuery plan of the year's window [%s, %s):%n", from, to);
      tenant.setAutoCommit(false);
      try (Statement jit = tenant.createStatement()) {
        jit.execute("SET LOCAL jit = off"); // as the queries run
      }
      try (ResultSet plan = explain.executeQuery()) {
        while (plan.next()) {
          System.out.println("  " + plan.getString(1));
        }
      }
      tenant.commit();
      tenant.setAutoCommit(true);
    }
  }
}
