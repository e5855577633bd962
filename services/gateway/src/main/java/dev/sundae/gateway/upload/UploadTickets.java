package dev.sundae.gateway.upload;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Repository;

/**
 * The upload_ticket rows: one per signed URL, in the tenant's schema. The inference worker marks a
 * ticket consumed with the first object-created event of its key.
 */
@Repository
class UploadTickets implements DisposableBean {

  private static final String INSERT =
      """
      INSERT INTO upload_ticket
          (request_id, object_key, content_type, max_bytes, store, session, expires_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private final TenantDatabases databases;
  private final Map<String, TicketBatch<Ticket>> batches = new ConcurrentHashMap<>();
  // at most one writer per tenant at a time, so at most as many threads as busy tenants
  private final ExecutorService writers =
      Executors.newCachedThreadPool(new CustomizableThreadFactory("ticket-writer-"));

  UploadTickets(TenantDatabases databases) {
    this.databases = databases;
  }

  /** Returns once the ticket is committed. */
  void insert(TenantConfig tenant, Ticket ticket) {
    batches
        .computeIfAbsent(tenant.name(), name -> new TicketBatch<>(writers, t -> write(tenant, t)))
        .add(ticket);
  }

  private void write(TenantConfig tenant, List<Ticket> tickets) {
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    List<Object[]> rows =
        tickets.stream()
            .map(
                t ->
                    new Object[] {
                      t.requestId(),
                      t.objectKey(),
                      t.contentType(),
                      t.maxBytes(),
                      t.store(),
                      t.session(),
                      OffsetDateTime.ofInstant(t.expiresAt(), ZoneOffset.UTC)
                    })
            .toList();
    database
        .transactions()
        .executeWithoutResult(status -> database.template().batchUpdate(INSERT, rows));
  }

  @Override
  public void destroy() {
    writers.shutdown();
  }

  record Ticket(
      UUID requestId,
      String objectKey,
      String contentType,
      int maxBytes,
      String store,
      String session,
      Instant expiresAt) {}
}
