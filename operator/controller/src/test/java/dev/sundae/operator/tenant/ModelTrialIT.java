package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.ModelStatus;
import dev.sundae.operator.api.ModelStatus.CandidateStatus.Phase;
import dev.sundae.operator.api.PromotionSpec;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.tenancy.ModelTrials;
import dev.sundae.tenancy.Proportions;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantConfig.Candidate.Mode;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A candidate model's trial on a real tenant schema (PostgreSQL, the tenant's migrations): purchase
 * streams drawn with a known conversion per version go through the schema's own conversion trigger,
 * the operator reads them as the tenant's role ({@link PostgresTenantDatabase#trialFigures}) and
 * its rule decides. The 95 % interval must cover the true difference, and the decision follow it.
 */
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelTrialIT {

  private static final String SCHEMA = "tenant_trial";
  private static final String PASSWORD = "trial-password";
  private static final List<String> FLAVOURS = List.of("strawberry", "vanilla", "mint", "lemon");

  private PostgresServer postgres;
  private PostgresTenantDatabase database;
  private Instant start;

  @BeforeAll
  void migrate(PostgresServer postgres) {
    this.postgres = postgres;
    database =
        PostgresTenantDatabase.connect(
            postgres.jdbcUrl(), postgres.username(), postgres.password());
    database.ensureTenant(SCHEMA, SCHEMA, PASSWORD);
    TenantSchema.RECOMMENDATIONS.migrate(
        new TenantConfig.Database(postgres.jdbcUrl(), SCHEMA, SCHEMA, PASSWORD));
    start = Instant.now().minusSeconds(1);
  }

  @Test
  void aCandidateThatTrulySellsThreePointsMoreIsPromotedAndTheIntervalCoversIt() throws Exception {
    serve("better-1", 3000, 0.30, new Random(1));
    serve("better-2", 3000, 0.33, new Random(2));

    ModelStatus.CandidateStatus trial = decide("better-1", "better-2", Mode.CANARY);

    print("true +3 points", trial);
    assertThat(interval(trial).covers(3.0)).isTrue();
    assertThat(trial.getPhase()).isEqualTo(Phase.Promoted);
    assertThat(trial.getReason()).isEqualTo("NonInferior");
    assertThat(trial.getStable().getRecommendations()).isEqualTo(3000);
  }

  @Test
  void aCandidateThatTrulySellsSixPointsLessIsRolledBackAndTheIntervalCoversIt() throws Exception {
    serve("worse-1", 3000, 0.30, new Random(3));
    serve("worse-2", 3000, 0.24, new Random(4));

    ModelStatus.CandidateStatus trial = decide("worse-1", "worse-2", Mode.CANARY);

    print("true -6 points", trial);
    assertThat(interval(trial).covers(-6.0)).isTrue();
    assertThat(trial.getPhase()).isEqualTo(Phase.RolledBack);
    assertThat(trial.getReason()).isEqualTo("ConversionWorse");
  }

  @Test
  void anEqualCandidateOnFewRecommendationsIsInconclusive() throws Exception {
    // exactly 90 of 300 each: the interval, about -7.3 to +7.3 points, straddles the margin
    serve("equal-1", 300, 0.30, new Exactly(90));
    serve("equal-2", 300, 0.30, new Exactly(90));

    ModelStatus.CandidateStatus trial = decide("equal-1", "equal-2", Mode.CANARY);

    print("true 0 points, 300 each", trial);
    assertThat(interval(trial).covers(0.0)).isTrue();
    assertThat(trial.getPhase()).isEqualTo(Phase.Evaluating);
    assertThat(trial.getReason()).isEqualTo("Inconclusive");
  }

  @Test
  void aCanaryComparesScoringTimesOnPassesOfOneFrame() throws Exception {
    // the stable model's big batches are cheaper per frame; only its one-frame passes compare
    Random random = new Random(7);
    serve("timed-1", 300, 0.3, random, 5.0, 8);
    serve("timed-1", 300, 0.3, random, 20.0, 1);
    serve("timed-2", 300, 0.3, random, 22.0, 1);

    ModelTrials.Figures figures = read("timed-1", "timed-2", Mode.CANARY);

    assertThat(figures.stable().recommendations()).isEqualTo(600);
    assertThat(figures.stable().p95ScoringMillis()).isEqualTo(20.0);
    assertThat(figures.candidate().p95ScoringMillis()).isEqualTo(22.0);
    assertThat(read("timed-1", "timed-2", Mode.SHADOW).stable().p95ScoringMillis())
        .isEqualTo(20.0); // a shadow shares every batch: all passes count (95th of 5s and 20s)
  }

  @Test
  void aShadowIsRightWhenThePurchaseWasInItsTopThree() throws Exception {
    try (Connection tenant = login()) {
      tenant.setAutoCommit(false);
      for (int i = 0; i < 40; i++) {
        UUID request = recommend(tenant, "shadowed-1@0123456789ab", 10.0, 8);
        // the shadow ranks lemon, mint, vanilla; the customer buys what the stable showed first
        shadow(tenant, request, "shadowed-2@ba9876543210", List.of("lemon", "mint", "vanilla"));
        if (i % 2 == 0) {
          buy(tenant, request, i % 4 == 0 ? "vanilla" : "strawberry");
        }
      }
      tenant.commit();
    }

    ModelTrials.Figures figures = read("shadowed-1", "shadowed-2", Mode.SHADOW);

    assertThat(figures.stable().recommendations()).isEqualTo(40);
    assertThat(figures.stable().conversions()).isEqualTo(20); // both flavours were shown
    assertThat(figures.candidate().recommendations()).isEqualTo(40);
    assertThat(figures.candidate().conversions()).isEqualTo(10); // vanilla only
    assertThat(figures.candidate().p95ScoringMillis()).isEqualTo(12.0);
  }

  @Test
  void aFailureToLoadCountsUntilAWorkerLoadsTheVersion() throws Exception {
    try (Connection tenant = login()) {
      execute(
          tenant,
          "INSERT INTO model_load (version, failed_at, failure)"
              + " VALUES ('broken-2', now(), 'cannot load it: not a ZIP archive')");
      assertThat(read("any-1", "broken-2", Mode.CANARY).failure())
          .contains("cannot load it: not a ZIP archive");

      execute(tenant, "UPDATE model_load SET loaded_at = now() + interval '1 second'");
      assertThat(read("any-1", "broken-2", Mode.CANARY).failure()).isEmpty();
    }
  }

  @Test
  void aSchemaNoWorkerHasMigratedHasNoFiguresYet() {
    database.ensureTenant("tenant_empty", "tenant_empty", "empty-password");

    assertThat(
            database.trialFigures("tenant_empty", "tenant_empty", "v1", "v2", Mode.CANARY, start))
        .isEmpty();
    // migrated, no recommendation of these versions: nothing measured, not a time of 0
    ModelTrials.Figures none = read("nothing-1", "nothing-2", Mode.CANARY);
    assertThat(none.stable().recommendations()).isZero();
    assertThat(none.stable().p95ScoringMillis()).isNull();
    assertThat(none.candidate().p95ScoringMillis()).isNull();
  }

  // --- the simulated chain

  private ModelStatus.CandidateStatus decide(String stable, String candidate, Mode mode) {
    ModelStatus.CandidateStatus trial = new ModelStatus.CandidateStatus();
    trial.setVersion(candidate);
    PromotionSpec rule = new PromotionSpec();
    rule.setMinRecommendations(200);
    rule.setConversionMarginPercent(2);
    rule.setMaxLatencyIncreasePercent(25);
    ModelRollout.decide(trial, read(stable, candidate, mode), rule);
    return trial;
  }

  private ModelTrials.Figures read(String stable, String candidate, Mode mode) {
    return database.trialFigures(SCHEMA, SCHEMA, stable, candidate, mode, start).orElseThrow();
  }

  /** {@code n} recommendations of {@code version}, each bought with probability {@code p}. */
  private void serve(String version, int n, double p, Random random) throws SQLException {
    serve(version, n, p, random, 20.0, 1);
  }

  private void serve(String version, int n, double p, Random random, double millis, int frames)
      throws SQLException {
    String recorded = version + "@" + "0123456789ab";
    try (Connection tenant = login()) {
      tenant.setAutoCommit(false);
      for (int i = 0; i < n; i++) {
        UUID request = recommend(tenant, recorded, millis, frames);
        if (random.nextDouble() < p) {
          buy(tenant, request, FLAVOURS.get(random.nextInt(3))); // one of the three shown
        }
      }
      tenant.commit();
    }
  }

  private static UUID recommend(Connection tenant, String version, double millis, int frames)
      throws SQLException {
    UUID request = UUID.randomUUID();
    try (PreparedStatement insert =
        tenant.prepareStatement(
            "INSERT INTO recommendation (request_id, bucket, object_key, model_version,"
                + " scoring_ms, scoring_frames) VALUES (?, 'b', ?, ?, ?, ?)")) {
      insert.setObject(1, request);
      insert.setString(2, "frames/" + request + ".jpg");
      insert.setString(3, version);
      insert.setFloat(4, (float) millis);
      insert.setInt(5, frames);
      insert.executeUpdate();
    }
    try (PreparedStatement insert =
        tenant.prepareStatement(
            "INSERT INTO recommended_flavour (request_id, rank, flavour, score)"
                + " VALUES (?, ?, ?, 0.5)")) {
      for (int rank = 1; rank <= 3; rank++) {
        insert.setObject(1, request);
        insert.setInt(2, rank);
        insert.setString(3, FLAVOURS.get(rank - 1));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return request;
  }

  private static void shadow(Connection tenant, UUID request, String version, List<String> top)
      throws SQLException {
    try (PreparedStatement insert =
        tenant.prepareStatement(
            "INSERT INTO shadow_ranking (request_id, model_version, flavours, scoring_ms)"
                + " VALUES (?, ?, ?, 12)")) {
      insert.setObject(1, request);
      insert.setString(2, version);
      insert.setArray(3, tenant.createArrayOf("text", top.toArray()));
      insert.executeUpdate();
    }
  }

  private static void buy(Connection tenant, UUID request, String flavour) throws SQLException {
    UUID purchase = UUID.randomUUID();
    try (PreparedStatement insert =
        tenant.prepareStatement(
            "INSERT INTO purchase (purchase_id, request_id, store, purchased_at)"
                + " VALUES (?, ?, 'store-1', now())")) {
      insert.setObject(1, purchase);
      insert.setObject(2, request);
      insert.executeUpdate();
    }
    try (PreparedStatement insert =
        tenant.prepareStatement(
            "INSERT INTO purchased_flavour (purchase_id, flavour) VALUES (?, ?)")) {
      insert.setObject(1, purchase);
      insert.setString(2, flavour);
      insert.executeUpdate();
    }
  }

  /** Draws exactly {@code converted} purchases in the first draws at any p above 0. */
  private static final class Exactly extends Random {
    private int left;

    Exactly(int converted) {
      this.left = converted;
    }

    @Override
    public double nextDouble() {
      return left-- > 0 ? 0 : 1;
    }
  }

  private Connection login() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), SCHEMA, PASSWORD);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Proportions.Interval interval(ModelStatus.CandidateStatus trial) {
    ModelStatus.Difference d = trial.getConversionDifference();
    return new Proportions.Interval(d.getEstimate(), d.getLow(), d.getHigh());
  }

  private static void print(String what, ModelStatus.CandidateStatus trial) {
    System.out.printf(
        "model trial, %s: %s %s (%s)%n",
        what, trial.getPhase(), trial.getReason(), trial.getMessage());
  }
}
