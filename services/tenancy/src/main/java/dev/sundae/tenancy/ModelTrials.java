package dev.sundae.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The figures of a candidate model's trial ({@link TenantConfig.Candidate}) against the stable
 * model, read from a tenant's schema: per version, the recommendations of the model arm since the
 * trial began, those followed by a purchase of a flavour the version ranked in its top 3, and the
 * 95th percentile of its forward pass time per frame; and whether a worker refused the candidate.
 * The operator decides the trial on them; the connection's search path must be the tenant's schema.
 *
 * <p>A canary's conversions are the recommendations' own ({@code converted_at}: a purchase of a
 * flavour they showed). A shadow showed nothing, so its conversions are the stable version's
 * recommendations whose purchase contained a flavour of the shadow's top 3: what it would have got
 * right. That measure favours the stable version, whose top 3 the customer saw.
 *
 * <p>Scoring times: a shadow scores the stable model's very batches, so the two compare on all of
 * them. A canary's batches are smaller (its share of each), and a forward pass's time per frame
 * falls as its batch grows, so a canary compares with the stable model on passes of one frame (what
 * registers' one frame per customer mostly gives); with none, its scoring time is unmeasured.
 */
public final class ModelTrials {

  /** One version's figures; {@code p95ScoringMillis} is null when none was measured. */
  public record VersionFigures(long recommendations, long conversions, Double p95ScoringMillis) {}

  /**
   * @param failure why a worker last refused the candidate, when it has not loaded it since
   */
  public record Figures(
      VersionFigures stable, VersionFigures candidate, Optional<String> failure) {}

  // The recorded version is the configured one, '@', and 12 hex digits of the file's digest
  // (TenantModel); the range on created_at uses recommendation_created.
  private static final String SHOWN =
      """
      SELECT count(*), count(converted_at),
             percentile_cont(0.95) WITHIN GROUP (ORDER BY scoring_ms)
                 FILTER (WHERE scoring_frames = 1 OR ?)
      FROM recommendation
      WHERE created_at >= ? AND arm = 'model'
        AND regexp_replace(model_version, '@[0-9a-f]{12}$', '') = ?
      """;

  private static final String SHADOWED =
      """
      SELECT count(*),
             count(*) FILTER (WHERE EXISTS (
                 SELECT 1 FROM purchase p
                 JOIN purchased_flavour pf ON pf.purchase_id = p.purchase_id
                 WHERE p.request_id = s.request_id AND pf.flavour = ANY (s.flavours))),
             percentile_cont(0.95) WITHIN GROUP (ORDER BY s.scoring_ms)
      FROM shadow_ranking s JOIN recommendation r ON r.request_id = s.request_id
      WHERE s.created_at >= ? AND r.arm = 'model'
        AND regexp_replace(s.model_version, '@[0-9a-f]{12}$', '') = ?
      """;

  private static final String FAILURE =
      """
      SELECT failure FROM model_load
      WHERE version = ? AND failed_at >= ? AND (loaded_at IS NULL OR loaded_at < failed_at)
      """;

  private ModelTrials() {}

  /** The trial of {@code candidate} against {@code stable} since {@code since}. */
  public static Figures read(
      Connection connection,
      String stable,
      String candidate,
      TenantConfig.Candidate.Mode mode,
      Instant since)
      throws SQLException {
    return new Figures(
        version(connection, SHOWN, mode, stable, since),
        version(
            connection,
            mode == TenantConfig.Candidate.Mode.SHADOW ? SHADOWED : SHOWN,
            mode,
            candidate,
            since),
        failure(connection, candidate, since));
  }

  private static VersionFigures version(
      Connection connection,
      String sql,
      TenantConfig.Candidate.Mode mode,
      String version,
      Instant since)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      int i = 1;
      if (sql.equals(SHOWN)) {
        query.setBoolean(i++, mode == TenantConfig.Candidate.Mode.SHADOW); // every pass counts
      }
      query.setTimestamp(i++, Timestamp.from(since));
      query.setString(i, version);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        double p95 = row.getDouble(3);
        Double measured = row.wasNull() ? null : p95; // percentile_cont of no row is NULL
        return new VersionFigures(row.getLong(1), row.getLong(2), measured);
      }
    }
  }

  private static Optional<String> failure(Connection connection, String version, Instant since)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(FAILURE)) {
      query.setString(1, version);
      query.setTimestamp(2, Timestamp.from(since));
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }
}
