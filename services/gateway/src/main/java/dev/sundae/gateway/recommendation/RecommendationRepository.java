package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/** Reads recommendations in the caller's tenant schema, as the tenant's role. */
@Repository
class RecommendationRepository {

  private final TenantDatabases databases;

  RecommendationRepository(TenantDatabases databases) {
    this.databases = databases;
  }

  Optional<Recommendation> find(TenantConfig tenant, UUID requestId) {
    // The worker writes a recommendation and its flavours in one transaction: a row is complete.
    List<Row> rows =
        databases
            .of(tenant)
            .jdbc()
            .sql(
                """
                SELECT r.model_version, r.created_at, f.rank, f.flavour, f.score, r.arm
                FROM recommendation r
                LEFT JOIN recommended_flavour f ON f.request_id = r.request_id
                WHERE r.request_id = ?
                ORDER BY f.rank
                """)
            .param(requestId)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getFloat(5),
                        rs.getString(6)))
            .list();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<Recommendation.RankedFlavour> flavours = new ArrayList<>();
    for (Row row : rows) {
      if (row.flavour() != null) {
        flavours.add(new Recommendation.RankedFlavour(row.rank(), row.flavour(), row.score()));
      }
    }
    Row first = rows.get(0);
    return Optional.of(
        new Recommendation(
            requestId, first.modelVersion(), first.arm(), flavours, first.createdAt().toInstant()));
  }

  /** Whether the tenant handed out an upload for {@code requestId}: a result may still come. */
  boolean uploadExists(TenantConfig tenant, UUID requestId) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT EXISTS (SELECT 1 FROM upload_ticket WHERE request_id = ?)")
        .param(requestId)
        .query(Boolean.class)
        .single();
  }

  private record Row(
      String modelVersion,
      OffsetDateTime createdAt,
      int rank,
      String flavour,
      float score,
      String arm) {}
}
