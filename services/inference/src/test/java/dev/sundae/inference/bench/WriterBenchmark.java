package dev.sundae.inference.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sundae.inference.model.RankedFlavour;
import dev.sundae.inference.recommendation.Recommendation;
import dev.sundae.inference.recommendation.RecommendationWriter;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.tenancy.keys.RecommendationNotices;
import dev.sundae.testing.bench.BenchRow;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the holdout and the learning policy cost the worker per frame: {@link
 * RecommendationWriter#save} (one transaction: the ticket read, the sold-out read, the rows with
 * the policy's log and its daily sums, the ticket consumed, the notice) against real PostgreSQL,
 * for a tenant holding 50 % of its sessions out (the arm's hash, and for half the frames the best
 * sellers' order), and for one that also learns with 20 % exploration (the policy's choice, its
 * counts read every 30 s), beside the same writer with neither, interleaved in rounds so drift hits
 * all alike. The ticket of each frame is written beforehand, outside the timing.
 *
 * <p>And what a candidate model on trial adds besides its own forward pass: a canary's read of its
 * batch's sessions ({@link RecommendationWriter#sessions}, one query per batch of 10, a tenth of it
 * counted on each frame) with a shadow's ranking stored in the same transaction, the worst case of
 * both modes at once.
 *
 * <pre>./mvnw -B -pl services/inference -am -Pbench -DskipTests package</pre>
 */
public final class WriterBenchmark {

  private static final List<String> CATALOGUE =
      List.of(
          "vanilla", "chocolate", "strawberry", "pistachio", "mint", "blueberry", "mango", "lemon");
  private static final int ROUNDS = 10;
  private static final int PER_ROUND = 400;

  private WriterBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (PostgresServer postgres = new PostgresServer()) {
      postgres.start();
      String password = UUID.randomUUID().toString();
      PostgresTenantDatabase.connect(postgres.jdbcUrl(), postgres.username(), postgres.password())
          .ensureTenant("bench", "bench", password, Optional.empty());
      TenantConfig.Database database =
          new TenantConfig.Database(postgres.jdbcUrl(), "bench", "bench", password);
      TenantSchema.RECOMMENDATIONS.migrate(database);
      try (HikariDataSource dataSource = dataSource(database)) {
        sales(dataSource);
        RecommendationNotices notices = RecommendationNotices.of(database);
        RecommendationWriter none =
            new RecommendationWriter(
                dataSource,
                notices,
                tenant(database, TenantConfig.Holdout.NONE, null),
                Clock.systemUTC());
        RecommendationWriter half =
            new RecommendationWriter(
                dataSource,
                notices,
                tenant(database, new TenantConfig.Holdout(50, 28), null),
                Clock.systemUTC());
        RecommendationWriter learning =
            new RecommendationWriter(
                dataSource,
                notices,
                tenant(database, new TenantConfig.Holdout(50, 28), new TenantConfig.Learning(20)),
                Clock.systemUTC());
        measure(dataSource, none, PER_ROUND, false); // warm-up: JIT, pool, plans
        measure(dataSource, half, PER_ROUND, false);
        measure(dataSource, learning, PER_ROUND, false);
        measure(dataSource, none, PER_ROUND, true);
        List<Double> withNone = new ArrayList<>();
        List<Double> withHalf = new ArrayList<>();
        List<Double> withLearning = new ArrayList<>();
        List<Double> withCandidate = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          withNone.addAll(measure(dataSource, none, PER_ROUND, false));
          withHalf.addAll(measure(dataSource, half, PER_ROUND, false));
          withLearning.addAll(measure(dataSource, learning, PER_ROUND, false));
          withCandidate.addAll(measure(dataSource, none, PER_ROUND, true));
        }
        double[] n = percentiles(withNone);
        double[] h = percentiles(withHalf);
        double[] l = percentiles(withLearning);
        double[] c = percentiles(withCandidate);
        System.out.printf(
            "%nRecommendationWriter.save, %d frames each, real PostgreSQL:%n", withNone.size());
        System.out.printf("  neither:                   p50 %.3f ms  p99 %.3f ms%n", n[0], n[1]);
        System.out.printf("  50 %% held out:             p50 %.3f ms  p99 %.3f ms%n", h[0], h[1]);
        System.out.printf("  50 %% held out, learning:   p50 %.3f ms  p99 %.3f ms%n", l[0], l[1]);
        System.out.printf("  candidate (split, shadow): p50 %.3f ms  p99 %.3f ms%n", c[0], c[1]);
        new BenchRow(
                "holdout in the worker",
                "save p99 ms, 50 % held out (baseline: neither)",
                h[1],
                n[1],
                "<= baseline + 1 ms",
                h[1] <= n[1] + 1)
            .print();
        new BenchRow(
                "holdout and learning in the worker",
                "save p99 ms, 50 % held out, 20 % exploration (baseline: neither)",
                l[1],
                n[1],
                "<= baseline + 1 ms",
                l[1] <= n[1] + 1)
            .print();
        new BenchRow(
                "candidate model in the worker",
                "save p99 ms + a tenth of the canary's sessions read, shadow row stored"
                    + " (baseline: neither)",
                c[1],
                n[1],
                "<= baseline + 1 ms",
                c[1] <= n[1] + 1)
            .print();
      }
    }
  }

  /**
   * @param candidate with a canary's sessions read per batch of 10 (a tenth on each frame) and a
   *     shadow's ranking stored with each recommendation
   */
  private static List<Double> measure(
      HikariDataSource dataSource, RecommendationWriter writer, int frames, boolean candidate)
      throws Exception {
    List<Double> millis = new ArrayList<>(frames);
    List<UUID> batch = new ArrayList<>();
    double split = 0;
    for (int i = 0; i < frames; i++) {
      if (candidate && i % 10 == 0) {
        batch.clear();
        for (int j = 0; j < 10; j++) {
          batch.add(UUID.randomUUID());
          ticket(dataSource, batch.get(j));
        }
        long start = System.nanoTime();
        writer.sessions(batch);
        split = (System.nanoTime() - start) / 1e6 / 10;
      }
      UUID requestId = candidate ? batch.get(i % 10) : UUID.randomUUID();
      if (!candidate) {
        ticket(dataSource, requestId);
      }
      Recommendation recommendation =
          new Recommendation(
              requestId,
              "frames-bench",
              "frames/" + requestId + ".jpg",
              "",
              Optional.of(Instant.now()),
              "bench",
              ranking(),
              4.0, // the worker records its forward pass's time with every one
              1,
              candidate ? new Recommendation.Shadow("bench-2", ranking(), 4.0) : null);
      long start = System.nanoTime();
      writer.save(recommendation);
      millis.add((System.nanoTime() - start) / 1e6 + (candidate ? split : 0));
    }
    return millis;
  }

  private static void ticket(HikariDataSource dataSource, UUID requestId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO upload_ticket (request_id, object_key, content_type, max_bytes,"
                    + " store, expires_at) VALUES (?, ?, 'image/jpeg', 1000000, 'store-1',"
                    + " now() + interval '5 minutes')")) {
      insert.setObject(1, requestId);
      insert.setString(2, "frames/" + requestId + ".jpg");
      insert.executeUpdate();
    }
  }

  /** A chain with a month of sales, so the baseline's count has rows to group. */
  private static void sales(HikariDataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        var sql = connection.createStatement()) {
      sql.execute(
          """
          INSERT INTO purchase (purchase_id, request_id, store, purchased_at)
          SELECT gen_random_uuid(), gen_random_uuid(), 'store-1',
                 now() - (i % 28) * interval '1 day'
          FROM generate_series(1, 20000) i
          """);
      sql.execute(
          """
          INSERT INTO purchased_flavour (purchase_id, flavour)
          SELECT purchase_id, (ARRAY['mango','lemon','vanilla','mint'])[1 + (random() * 3)::int]
          FROM purchase
          """);
    }
  }

  private static List<RankedFlavour> ranking() {
    List<RankedFlavour> ranked = new ArrayList<>();
    for (String flavour : CATALOGUE) {
      ranked.add(new RankedFlavour(ranked.size() + 1, flavour, 1f / (ranked.size() + 1)));
    }
    return ranked;
  }

  private static TenantConfig tenant(
      TenantConfig.Database database,
      TenantConfig.Holdout holdout,
      TenantConfig.Learning learning) {
    return new TenantConfig(
        "bench", "bench", null, null, null, CATALOGUE, null, null, database, null, holdout,
        learning, null);
  }

  private static HikariDataSource dataSource(TenantConfig.Database database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setSchema(database.schema());
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  private static double[] percentiles(List<Double> millis) {
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return new double[] {
      sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1]
    };
  }
}
