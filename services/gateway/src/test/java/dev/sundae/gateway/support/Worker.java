package dev.sundae.gateway.support;

import dev.sundae.tenancy.keys.RecommendationNotices;
import dev.sundae.tenancy.keys.TenantKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Stores recommendations the way the inference worker does, as the tenant's role and in one
 * transaction with the {@code pg_notify} that wakes long-polls; the test decides the flavours.
 */
public final class Worker {

  private final TestTenants tenants;

  public Worker(TestTenants tenants) {
    this.tenants = tenants;
  }

  /** Stores the top flavours of {@code requestId}, best first, created at {@code createdAt}. */
  public void recommend(TestTenant tenant, UUID requestId, Instant createdAt, List<String> flavours)
      throws Exception {
    recommend(tenant, requestId, createdAt, flavours, "model", null);
  }

  /**
   * As {@link #recommend(TestTenant, UUID, Instant, List)}, served by {@code arm} at {@code store}.
   */
  public void recommend(
      TestTenant tenant,
      UUID requestId,
      Instant createdAt,
      List<String> flavours,
      String arm,
      String store)
      throws Exception {
    try (Connection connection = tenants.connect(tenant)) {
      connection.setAutoCommit(false);
      try (PreparedStatement recommendation =
              connection.prepareStatement(
                  "INSERT INTO recommendation (request_id, bucket, object_key, version_id,"
                      + " model_version, created_at, arm, store)"
                      + " VALUES (?, ?, ?, 'v1', 'test-1', ?, ?, ?)");
          PreparedStatement flavour =
              connection.prepareStatement(
                  "INSERT INTO recommended_flavour (request_id, rank, flavour, score)"
                      + " VALUES (?, ?, ?, ?)");
          PreparedStatement consumed =
              connection.prepareStatement(
                  "UPDATE upload_ticket SET consumed_at = now() WHERE request_id = ?");
          PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        recommendation.setObject(1, requestId);
        recommendation.setString(2, tenant.bucket());
        recommendation.setString(3, "frames/" + requestId + ".jpg");
        recommendation.setObject(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
        recommendation.setString(5, arm);
        recommendation.setString(6, store);
        recommendation.executeUpdate();
        for (int rank = 1; rank <= flavours.size(); rank++) {
          flavour.setObject(1, requestId);
          flavour.setInt(2, rank);
          flavour.setString(3, flavours.get(rank - 1));
          flavour.setFloat(4, 1.0f / (rank + 1));
          flavour.addBatch();
        }
        flavour.executeBatch();
        consumed.setObject(1, requestId);
        consumed.executeUpdate();
        RecommendationNotices notices =
            RecommendationNotices.of(TenantKeys.of(tenant.dbPassword()));
        notify.setString(1, notices.channel());
        notify.setString(2, notices.payload(requestId));
        notify.execute();
        connection.commit();
      }
    }
  }
}
