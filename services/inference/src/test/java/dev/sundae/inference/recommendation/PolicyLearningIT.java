package dev.sundae.inference.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sundae.inference.model.RankedFlavour;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.InversePropensity;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.tenancy.keys.RecommendationNotices;
import dev.sundae.testing.MutableClock;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated chain against the real writer and real PostgreSQL: two kinds of customer, told apart
 * by what the model puts first for their picture. Strawberry customers would rather have lemon,
 * which the model ranks third; chocolate customers want what the model says. A customer reads the
 * top 3 in order, looking at the first with attention 1, the second 1/2, the third 1/4, and buys a
 * flavour it looks at with probability 0.6 when it is the one it prefers, 0.2 otherwise (a cascade
 * model: the true conversion of any ordering is known). Purchases go in as the gateway writes them,
 * and the schema's triggers turn them into the policy's counts.
 */
class PolicyLearningIT {

  private static final List<String> CATALOGUE =
      List.of(
          "vanilla", "chocolate", "strawberry", "pistachio", "mint", "blueberry", "mango", "lemon");
  private static final Map<String, List<String>> MODEL =
      Map.of(
          "strawberry", List.of("strawberry", "vanilla", "lemon", "chocolate", "mint", "mango"),
          "chocolate", List.of("chocolate", "mint", "vanilla", "pistachio", "lemon", "mango"));
  private static final Map<String, String> PREFERS =
      Map.of("strawberry", "lemon", "chocolate", "chocolate");
  private static final double[] ATTENTION = {1, 0.5, 0.25};
  private static final int FRAMES = 4000;
  // another seed: -Ddjl.test.properties=-Dsim.seed=N (the failsafe JVM's argument line); over
  // seeds 1 to 21 the learned policy's interval missed its truth 3 times (7, 8, 9), the model's
  // never
  private static final long SEED = Long.getLong("sim.seed", 1);

  private static PostgresServer postgres;
  private static HikariDataSource dataSource;
  private static TenantConfig.Database database;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = new PostgresServer();
    postgres.start();
    String password = UUID.randomUUID().toString();
    PostgresTenantDatabase.connect(postgres.jdbcUrl(), postgres.username(), postgres.password())
        .ensureTenant("sim", "sim", password, Optional.empty());
    database = new TenantConfig.Database(postgres.jdbcUrl(), "sim", "sim", password);
    TenantSchema.RECOMMENDATIONS.migrate(database);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.username());
    config.setPassword(database.password());
    config.setSchema(database.schema());
    config.setMaximumPoolSize(2);
    dataSource = new HikariDataSource(config);
  }

  @AfterAll
  static void stopPostgres() {
    if (dataSource != null) {
      dataSource.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void learnsWhatStrawberryCustomersBuyAndTheOfflineEstimateCoversWhatItLearned() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    Random customers = new Random(SEED);
    RecommendationWriter writer =
        new RecommendationWriter(
            dataSource,
            RecommendationNotices.of(database),
            new TenantConfig(
                "test",
                "sim",
                null,
                null,
                null,
                CATALOGUE,
                null,
                null,
                database,
                null,
                null,
                new TenantConfig.Learning(20),
                null),
            clock,
            new Random(SEED + 4));
    List<Served> served = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      String kind = i % 2 == 0 ? "strawberry" : "chocolate";
      UUID requestId = UUID.randomUUID();
      writer.save(
          new Recommendation(
              requestId,
              "frames-sim",
              "frames/" + requestId + ".jpg",
              "",
              Optional.of(clock.instant()),
              "sim",
              ranking(MODEL.get(kind)),
              null,
              null,
              null));
      Served row = read(requestId);
      served.add(row);
      String bought = buy(PREFERS.get(kind), row.shown(), customers);
      if (bought != null) {
        purchase(requestId, bought);
      }
      clock.advance(Duration.ofSeconds(1)); // the policy recounts every 30 frames
    }

    Set<UUID> converted = converted();

    // it started as the model's ranking, never moved where the model was right, and learned
    // lemon for strawberry customers within the first 2,000 frames
    assertThat(served.get(0).greedy()).isEqualTo("strawberry");
    assertThat(served.stream().filter(s -> s.kind().equals("chocolate")).map(Served::greedy))
        .containsOnly("chocolate");
    int learnedAt =
        IntStream.range(0, FRAMES)
            .filter(i -> served.get(i).greedy().equals("lemon"))
            .findFirst()
            .orElse(FRAMES);
    assertThat(learnedAt).isLessThan(2000);
    assertThat(served.get(FRAMES - 2).greedy()).isEqualTo("lemon");

    // and it sells more: strawberry customers' last 500 frames (exploration included) against
    // what the model's ranking sells them
    double modelSells = truth("strawberry", MODEL.get("strawberry"));
    double after = conversion(served.subList(FRAMES - 1000, FRAMES), "strawberry", converted);
    System.out.printf(
        "policy first chose lemon for strawberry customers at frame %d; their conversion, last"
            + " 500 frames: %.3f; the model's ranking sells them %.3f%n",
        learnedAt, after, modelSells);
    assertThat(after - modelSells).isGreaterThan(0.15);

    // the offline estimates, from the counts the triggers kept, cover the true conversion of each
    // policy on the same customers: the learned one (what it thought best, frame by frame) and the
    // model's (its first candidate)
    double trueLearned =
        served.stream().mapToDouble(s -> truth(s.kind(), s.greedyOrder())).average().orElseThrow();
    double trueModel =
        served.stream().mapToDouble(s -> truth(s.kind(), s.candidates())).average().orElseThrow();
    double logged = converted.size() / (double) FRAMES;
    InversePropensity learned = estimate("learned");
    InversePropensity model = estimate("model");
    System.out.printf(
        "logged %.3f; learned: true %.3f, IPS %.3f [%.3f, %.3f], mean weight %.3f;"
            + " model: true %.3f, IPS %.3f [%.3f, %.3f], mean weight %.3f%n",
        logged,
        trueLearned,
        learned.estimate(),
        learned.low(),
        learned.high(),
        learned.meanWeight(),
        trueModel,
        model.estimate(),
        model.low(),
        model.high(),
        model.meanWeight());
    assertThat(learned.recommendations()).isEqualTo(FRAMES);
    assertThat(trueLearned).isBetween(learned.low(), learned.high());
    assertThat(trueModel).isBetween(model.low(), model.high());
    assertThat(learned.estimate()).isGreaterThan(model.estimate());
    // the triggers' sums are those of the rows
    double fromRows =
        served.stream()
                .filter(s -> s.action().equals(s.greedy()) && converted.contains(s.requestId()))
                .mapToDouble(s -> 1 / s.propensity())
                .sum()
            / FRAMES;
    assertThat(learned.estimate()).isCloseTo(fromRows, within(1e-9));
    assertThat(learned.meanWeight()).isBetween(0.95, 1.05);
    assertThat(model.meanWeight()).isBetween(0.9, 1.1);
  }

  /** The cascade customer: looks at each place in turn and stops at the first flavour it buys. */
  private static String buy(String prefers, List<String> shown, Random random) {
    for (int place = 0; place < shown.size(); place++) {
      if (random.nextDouble() < ATTENTION[place] * appeal(prefers, shown.get(place))) {
        return shown.get(place);
      }
    }
    return null;
  }

  /** The true conversion of showing {@code order}'s first three to a {@code kind} customer. */
  private static double truth(String kind, List<String> order) {
    double none = 1;
    for (int place = 0; place < 3; place++) {
      none *= 1 - ATTENTION[place] * appeal(PREFERS.get(kind), order.get(place));
    }
    return 1 - none;
  }

  private static double appeal(String prefers, String flavour) {
    return flavour.equals(prefers) ? 0.6 : 0.2;
  }

  private static double conversion(List<Served> rows, String kind, Set<UUID> converted) {
    List<Served> of = rows.stream().filter(s -> s.kind().equals(kind)).toList();
    return of.stream().filter(s -> converted.contains(s.requestId())).count() / (double) of.size();
  }

  /** The recommendations a purchase converted, as the schema's trigger marked them. */
  private static Set<UUID> converted() throws Exception {
    Set<UUID> ids = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT request_id FROM recommendation WHERE converted_at IS NOT NULL");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getObject(1, UUID.class));
      }
    }
    return ids;
  }

  private static List<RankedFlavour> ranking(List<String> order) {
    List<RankedFlavour> ranked = new ArrayList<>();
    for (String flavour : order) {
      ranked.add(new RankedFlavour(ranked.size() + 1, flavour, 1f / (ranked.size() + 2)));
    }
    return ranked;
  }

  private static Served read(UUID requestId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT context, candidates, action, propensity, greedy,"
                    + " (SELECT array_agg(flavour ORDER BY rank) FROM recommended_flavour f"
                    + "  WHERE f.request_id = r.request_id) AS shown"
                    + " FROM recommendation r WHERE request_id = ?")) {
      select.setObject(1, requestId);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        return new Served(
            requestId,
            row.getString("context"),
            List.of((String[]) row.getArray("candidates").getArray()),
            row.getString("action"),
            row.getDouble("propensity"),
            row.getString("greedy"),
            List.of((String[]) row.getArray("shown").getArray()));
      }
    }
  }

  private static void purchase(UUID requestId, String flavour) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement purchase =
            connection.prepareStatement(
                "INSERT INTO purchase (purchase_id, request_id, store, purchased_at)"
                    + " VALUES (?, ?, 'store-1', now())");
        PreparedStatement flavours =
            connection.prepareStatement(
                "INSERT INTO purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      UUID purchaseId = UUID.randomUUID();
      purchase.setObject(1, purchaseId);
      purchase.setObject(2, requestId);
      purchase.executeUpdate();
      flavours.setObject(1, purchaseId);
      flavours.setString(2, flavour);
      flavours.executeUpdate();
    }
  }

  /** The estimate of one of the two policies the table keeps sums for, over all its days. */
  private static InversePropensity estimate(String policy) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT sum(served), sum(%1$s_weight), sum(%1$s_reward), sum(%1$s_reward_sq)"
                        .formatted(policy)
                    + " FROM policy_daily");
        ResultSet row = select.executeQuery()) {
      row.next();
      return new InversePropensity(
          row.getLong(1), row.getDouble(2), row.getDouble(3), row.getDouble(4));
    }
  }

  /** A logged recommendation. */
  private record Served(
      UUID requestId,
      String kind,
      List<String> candidates,
      String action,
      double propensity,
      String greedy,
      List<String> shown) {

    /** What the policy would have shown without exploring: its choice, then the model's order. */
    List<String> greedyOrder() {
      List<String> order = new ArrayList<>(List.of(greedy));
      candidates.stream().filter(f -> !f.equals(greedy)).forEach(order::add);
      return order;
    }
  }
}
