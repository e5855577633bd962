package dev.sundae.inference.recommendation;

import dev.sundae.inference.model.RankedFlavour;
import dev.sundae.tenancy.keys.RecommendationNotices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores recommendations in the tenant's schema, signed in as the tenant's role. Each one is a
 * transaction: the rows, the upload ticket marked consumed, and a notification for the gateway's
 * long-poll ({@link RecommendationNotices}), which PostgreSQL delivers on commit, so the gateway
 * never wakes before the rows are visible. A recommendation is the model's first three flavours
 * that the store its upload names has not sold out (the sold_out rows its register sets through the
 * gateway), read in the same transaction.
 */
public final class RecommendationWriter {

  /** How many flavours a recommendation shows. */
  public static final int TOP = 3;

  // No conflict target: a redelivered event hits the (bucket, object_key, version_id) key and a
  // second version of the same frame key hits the request_id key; both leave the first row alone.
  private static final String INSERT_RECOMMENDATION =
      "INSERT INTO recommendation (request_id, bucket, object_key, version_id, model_version,"
          + " uploaded_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING request_id";
  private static final String INSERT_FLAVOUR =
      "INSERT INTO recommended_flavour (request_id, rank, flavour, score) VALUES (?, ?, ?, ?)";
  private static final String CONSUME_TICKET =
      "UPDATE upload_ticket SET consumed_at = now() WHERE request_id = ? AND consumed_at IS NULL";
  private static final String NOTIFY = "SELECT pg_notify(?, ?)";
  private static final String SOLD_OUT =
      "SELECT s.flavour FROM sold_out s JOIN upload_ticket t ON t.store = s.store"
          + " WHERE t.request_id = ?";

  private final DataSource dataSource;
  private final RecommendationNotices notices;

  /** {@code dataSource} signs in as the tenant's role with its schema on the search path. */
  public RecommendationWriter(DataSource dataSource, RecommendationNotices notices) {
    this.dataSource = dataSource;
    this.notices = notices;
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
        boolean stored = insert(connection, recommendation);
        if (stored) {
          insertFlavours(connection, recommendation);
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

  private static boolean insert(Connection connection, Recommendation r) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_RECOMMENDATION)) {
      insert.setObject(1, r.requestId());
      insert.setString(2, r.bucket());
      insert.setString(3, r.objectKey());
      insert.setString(4, r.versionId());
      insert.setString(5, r.modelVersion());
      insert.setObject(6, r.uploadedAt().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null));
      try (ResultSet inserted = insert.executeQuery()) {
        return inserted.next();
      }
    }
  }

  private static void insertFlavours(Connection connection, Recommendation r) throws SQLException {
    Set<String> soldOut = soldOut(connection, r.requestId());
    try (PreparedStatement insert = connection.prepareStatement(INSERT_FLAVOUR)) {
      int rank = 0;
      for (RankedFlavour flavour : r.ranking()) {
        if (rank == TOP) {
          break;
        }
        if (soldOut.contains(flavour.flavour())) {
          continue;
        }
        insert.setObject(1, r.requestId());
        insert.setInt(2, ++rank);
        insert.setString(3, flavour.flavour());
        insert.setFloat(4, flavour.score());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** What the upload's store has sold out; nothing when the upload names no store. */
  private static Set<String> soldOut(Connection connection, UUID requestId) throws SQLException {
    Set<String> flavours = new HashSet<>();
    if (requestId == null) {
      return flavours;
    }
    try (PreparedStatement select = connection.prepareStatement(SOLD_OUT)) {
      select.setObject(1, requestId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          flavours.add(rows.getString(1));
        }
      }
    }
    return flavours;
  }
}
