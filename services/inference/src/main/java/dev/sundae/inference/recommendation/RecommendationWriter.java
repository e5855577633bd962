package dev.sundae.inference.recommendation;

import dev.sundae.inference.model.CandidateModel;
import dev.sundae.inference.model.RankedFlavour;
import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.Arms.Arm;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.keys.RecommendationNotices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores recommendations in the tenant's schema, signed in as the tenant's role. Each one is a
 * transaction: the rows, the upload ticket marked consumed, and a notification for the gateway's
 * long-poll ({@link RecommendationNotices}), which PostgreSQL delivers on commit, so the gateway
 * never wakes before the rows are visible.
 *
 * <p>A recommendation is the first three flavours of its arm's ranking that the store its upload
 * names has not sold out (the sold_out rows its register sets through the gateway), read in the
 * same transaction. The arm ({@link Arms}) follows the session its register named with the upload
 * (the upload itself when it named none): the model's ranking, or for the tenant's holdout share,
 * the {@link Baseline}. In the model's arm the tenant's {@link Policy} chooses which of the model's
 * candidates comes first, and the row logs its choice and the probability it had. The row records
 * the arm and the store, which the uplift query compares.
 */
public final class RecommendationWriter implements CandidateModel.Reports {

  private static final Logger log = LoggerFactory.getLogger(RecommendationWriter.class);

  /** How many flavours a recommendation shows. */
  public static final int TOP = 3;

  // No conflict target: a redelivered event hits the (bucket, object_key, version_id) key and a
  // second version of the same frame key hits the request_id key; both leave the first row alone.
  private static final String INSERT_RECOMMENDATION =
      "INSERT INTO recommendation (request_id, bucket, object_key, version_id, model_version,"
          + " uploaded_at, arm, store, context, candidates, action, propensity, greedy, scoring_ms,"
          + " scoring_frames) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING"
          + " RETURNING request_id";
  private static final String INSERT_FLAVOUR =
      "INSERT INTO recommended_flavour (request_id, rank, flavour, score) VALUES (?, ?, ?, ?)";
  private static final String INSERT_SHADOW =
      "INSERT INTO shadow_ranking (request_id, model_version, flavours, scoring_ms)"
          + " VALUES (?, ?, ?, ?)";
  private static final String SESSIONS =
      "SELECT request_id, session FROM upload_ticket WHERE request_id = ANY (?)";
  private static final String MODEL_LOADED =
      "INSERT INTO model_load (version, loaded_at) VALUES (?, now())"
          + " ON CONFLICT (version) DO UPDATE SET loaded_at = now()";
  private static final String MODEL_FAILED =
      "INSERT INTO model_load (version, failed_at, failure) VALUES (?, now(), ?)"
          + " ON CONFLICT (version) DO UPDATE SET failed_at = now(), failure = EXCLUDED.failure";
  private static final String CONSUME_TICKET =
      "UPDATE upload_ticket SET consumed_at = now() WHERE request_id = ? AND consumed_at IS NULL";
  private static final String NOTIFY = "SELECT pg_notify(?, ?)";
  private static final String TICKET =
      "SELECT store, session FROM upload_ticket WHERE request_id = ?";
  private static final String SOLD_OUT = "SELECT flavour FROM sold_out WHERE store = ?";

  private final DataSource dataSource;
  private final RecommendationNotices notices;
  private final String tenant;
  private final int holdoutPercent;
  private final Baseline baseline;
  private final Policy policy;

  /**
   * @param dataSource signs in as the tenant's role with its schema on the search path
   * @param tenant the tenant's name, catalogue, holdout and learning
   */
  public RecommendationWriter(
      DataSource dataSource, RecommendationNotices notices, TenantConfig tenant, Clock clock) {
    this(dataSource, notices, tenant, clock, new Random());
  }

  /**
   * @param random draws the policy's exploration
   */
  public RecommendationWriter(
      DataSource dataSource,
      RecommendationNotices notices,
      TenantConfig tenant,
      Clock clock,
      RandomGenerator random) {
    this.dataSource = dataSource;
    this.notices = notices;
    this.tenant = tenant.name();
    TenantConfig.Holdout holdout = tenant.holdoutOrNone();
    this.holdoutPercent = holdout.percent();
    this.baseline =
        new Baseline(
            tenant.flavours() == null ? List.of() : tenant.flavours(),
            holdout.bestSellerDays(),
            clock);
    this.policy = new Policy(tenant.learningOrNone().explorationPercent(), clock, random);
  }

  /**
   * Stores {@code recommendation} unless an earlier delivery of the same event already did.
   *
   * @return true when this call stored it
   */
  public boolean save(Recommendation recommendation) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Ticket ticket = ticket(connection, recommendation.requestId());
        Arm arm =
            holdoutPercent == 0 || recommendation.requestId() == null
                ? Arm.MODEL
                : Arms.of(tenant, ticket.session(recommendation.requestId()), holdoutPercent);
        Set<String> soldOut = soldOut(connection, ticket.store());
        List<RankedFlavour> shown;
        Policy.Choice choice = null;
        if (arm == Arm.HOLDOUT) {
          shown = available(baseline.order(connection, recommendation.ranking()), soldOut);
        } else {
          List<RankedFlavour> eligible = available(recommendation.ranking(), soldOut);
          if (!eligible.isEmpty()) {
            choice = policy.choose(connection, recommendation.ranking().get(0).flavour(), eligible);
          }
          shown = choice == null ? eligible : first(choice.action(), eligible);
        }
        boolean stored = insert(connection, recommendation, arm, ticket.store(), choice);
        if (stored) {
          insertFlavours(connection, recommendation.requestId(), shown);
          if (recommendation.shadow() != null) {
            insertShadow(
                connection, recommendation, available(recommendation.shadow().ranking(), soldOut));
          }
        }
        try (PreparedStatement consume = connection.prepareStatement(CONSUME_TICKET)) {
          consume.setObject(1, recommendation.requestId());
          consume.executeUpdate();
        }
        if (stored) {
          try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
            notify.setString(1, notices.channel());
            notify.setString(2, notices.payload(recommendation.requestId()));
            notify.execute();
          }
        }
        connection.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Marks the upload's ticket consumed without a recommendation: its frame can never give one (it
   * went to the dead-letter queue), so the gateway's sweep must not send its event again.
   */
  public void consumeTicket(UUID requestId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement consume = connection.prepareStatement(CONSUME_TICKET)) {
      consume.setObject(1, requestId);
      consume.executeUpdate();
    }
  }

  private static boolean insert(
      Connection connection, Recommendation r, Arm arm, String store, Policy.Choice choice)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RECOMMENDATION)) {
      insert.setObject(1, r.requestId());
      insert.setString(2, r.bucket());
      insert.setString(3, r.objectKey());
      insert.setString(4, r.versionId());
      insert.setString(5, r.modelVersion());
      insert.setObject(6, r.uploadedAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null));
      insert.setString(7, arm.wire());
      insert.setString(8, store);
      insert.setString(9, choice == null ? null : choice.context());
      insert.setArray(
          10,
          choice == null
              ? null
              : connection.createArrayOf("text", choice.candidates().toArray(String[]::new)));
      insert.setString(11, choice == null ? null : choice.action());
      insert.setObject(12, choice == null ? null : choice.propensity());
      insert.setString(13, choice == null ? null : choice.greedy());
      insert.setObject(14, r.scoringMillis() == null ? null : r.scoringMillis().floatValue());
      insert.setObject(15, r.scoringFrames());
      try (ResultSet inserted = insert.executeQuery()) {
        return inserted.next();
      }
    }
  }

  private static void insertShadow(
      Connection connection, Recommendation r, List<RankedFlavour> available) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_SHADOW)) {
      insert.setObject(1, r.requestId());
      insert.setString(2, r.shadow().modelVersion());
      insert.setArray(
          3,
          connection.createArrayOf(
              "text",
              available.stream().limit(TOP).map(RankedFlavour::flavour).toArray(String[]::new)));
      insert.setFloat(4, (float) r.shadow().scoringMillis());
      insert.executeUpdate();
    }
  }

  /**
   * The session each of {@code requestIds} names, for a canary's split before the frames are
   * scored; an upload that names none (or has no ticket) is its own session, as in {@link #save}.
   */
  public Map<UUID, String> sessions(Collection<UUID> requestIds) throws SQLException {
    Map<UUID, String> sessions = new HashMap<>();
    requestIds.forEach(id -> sessions.put(id, id.toString()));
    if (requestIds.isEmpty()) {
      return sessions;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(SESSIONS)) {
      select.setArray(1, connection.createArrayOf("uuid", requestIds.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String session = rows.getString("session");
          if (session != null) {
            sessions.put(rows.getObject("request_id", UUID.class), session);
          }
        }
      }
    }
    return sessions;
  }

  @Override
  public void loaded(String version) {
    report(MODEL_LOADED, version, null);
  }

  @Override
  public void failed(String version, String reason) {
    report(MODEL_FAILED, version, reason);
  }

  // a report that does not reach the database is logged: the operator then sees no figures for
  // the candidate, which keeps it evaluating, never promoted
  private void report(String sql, String version, String reason) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(sql)) {
      upsert.setString(1, version);
      if (reason != null) {
        upsert.setString(2, reason);
      }
      upsert.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      log.warn("Tenant {}: could not record how model {} fares: {}", tenant, version, e.toString());
    }
  }

  private static void insertFlavours(
      Connection connection, UUID requestId, List<RankedFlavour> shown) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_FLAVOUR)) {
      int rank = 0;
      for (RankedFlavour flavour : shown.subList(0, Math.min(TOP, shown.size()))) {
        insert.setObject(1, requestId);
        insert.setInt(2, ++rank);
        insert.setString(3, flavour.flavour());
        insert.setFloat(4, flavour.score());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** {@code ranking} less what the store has sold out, in its order. */
  private static List<RankedFlavour> available(List<RankedFlavour> ranking, Set<String> soldOut) {
    return ranking.stream().filter(f -> !soldOut.contains(f.flavour())).toList();
  }

  /** {@code action} first, then the rest of {@code ranking} in its order. */
  private static List<RankedFlavour> first(String action, List<RankedFlavour> ranking) {
    List<RankedFlavour> ordered = new ArrayList<>(ranking.size());
    ranking.stream().filter(f -> f.flavour().equals(action)).forEach(ordered::add);
    ranking.stream().filter(f -> !f.flavour().equals(action)).forEach(ordered::add);
    return ordered;
  }

  /** The store and session its register named with the upload; neither without a ticket. */
  private static Ticket ticket(Connection connection, UUID requestId) throws SQLException {
    if (requestId == null) {
      return new Ticket(null, null);
    }
    try (PreparedStatement select = connection.prepareStatement(TICKET)) {
      select.setObject(1, requestId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? new Ticket(rows.getString("store"), rows.getString("session"))
            : new Ticket(null, null);
      }
    }
  }

  /** What {@code store} has sold out; nothing when the upload names no store. */
  private static Set<String> soldOut(Connection connection, String store) throws SQLException {
    Set<String> flavours = new HashSet<>();
    if (store == null) {
      return flavours;
    }
    try (PreparedStatement select = connection.prepareStatement(SOLD_OUT)) {
      select.setString(1, store);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          flavours.add(rows.getString(1));
        }
      }
    }
    return flavours;
  }

  private record Ticket(String store, String session) {
    /** The session the arm follows: the register's, or the upload's own request id. */
    String session(UUID requestId) {
      return session != null ? session : requestId.toString();
    }
  }
}
