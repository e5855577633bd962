package dev.sundae.gateway.bridge;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.gateway.tenant.PeriodicPass;
import dev.sundae.tenancy.StorageClients;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.tenant.TenantDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.json.JsonMapper;

/**
 * The net under the event bridge. The object store sends an object-created event once, at once, and
 * keeps none (a durable queue in MinIO costs every upload up to 3 s more); an event that finds the
 * gateway down or restarting is gone, and its frame would never be recommended. Every {@code
 * sundae.sweep.interval}, per tenant, this looks at the upload tickets older than the grace time
 * that no event consumed and it has not settled yet: where the object is in the bucket, it sends
 * the tenant's queue the event the store would have sent; where there is none and the URL has
 * expired, there never will be. Either way the ticket is settled ({@code swept_at}); an upload
 * still possible is looked at again next time.
 *
 * <p>Exactly once: the worker stores one recommendation per object version and consumes the ticket
 * with it, so an event that both the store and the sweep sent (a queue backlog longer than the
 * grace time) costs a second inference, never a second recommendation. Replicas of the gateway
 * sweep the same tenants; {@code FOR UPDATE SKIP LOCKED} gives each ticket to one of them.
 */
@Component
class UploadSweep extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(UploadSweep.class);

  private static final String DUE =
      """
      SELECT request_id, object_key, expires_at FROM upload_ticket
       WHERE consumed_at IS NULL AND swept_at IS NULL
         AND created_at < now() - make_interval(secs => ?)
       ORDER BY created_at
       LIMIT ?
         FOR UPDATE SKIP LOCKED
      """;
  private static final String SETTLE =
      "UPDATE upload_ticket SET swept_at = now() WHERE request_id = ?";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final TenantDirectory tenants;
  private final TenantDatabases databases;
  private final TenantQueues queues;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final GatewayProperties.Sweep settings;
  private final Map<String, S3Client> stores = new ConcurrentHashMap<>();

  UploadSweep(
      TenantDirectory tenants,
      TenantDatabases databases,
      TenantQueues queues,
      JsonMapper json,
      MeterRegistry meters,
      GatewayProperties properties) {
    super("upload-sweep", properties.sweep().enabled(), properties.sweep().interval());
    this.tenants = tenants;
    this.databases = databases;
    this.queues = queues;
    this.json = json;
    this.meters = meters;
    this.settings = properties.sweep();
  }

  /** One pass over every tenant; returns how many lost events it sent. */
  int sweepAll() {
    int sent = 0;
    for (TenantConfig tenant : tenants.all()) {
      try {
        sent += sweep(tenant);
      } catch (RuntimeException e) {
        // a tenant whose database, bucket or queue is down waits for the next pass; the rest go on
        LOG.warn("Sweep of tenant {} failed: {}", tenant.name(), e.getMessage());
      }
    }
    return sent;
  }

  private int sweep(TenantConfig tenant) {
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    Integer sent =
        database
            .transactions()
            .execute(
                status -> {
                  List<Ticket> due =
                      database
                          .jdbc()
                          .sql(DUE)
                          .params(settings.grace().toMillis() / 1000.0, settings.batch())
                          .query(
                              (row, i) ->
                                  new Ticket(
                                      row.getObject(1, UUID.class),
                                      row.getString(2),
                                      row.getTimestamp(3).toInstant()))
                          .list();
                  int recovered = 0;
                  int settled = 0;
                  for (Ticket ticket : due) {
                    Optional<HeadObjectResponse> object = head(tenant, ticket.objectKey());
                    if (object.isPresent()) {
                      queues.send(tenant, event(tenant, ticket.objectKey(), object.get()));
                      recovered++;
                    } else if (ticket.expiresAt().isAfter(Instant.now())) {
                      continue; // the register may still upload
                    }
                    database.jdbc().sql(SETTLE).param(ticket.requestId()).update();
                    settled++;
                  }
                  LOG.debug(
                      "Tenant {}: {} ticket(s) due, {} event(s) sent, {} settled",
                      tenant.name(),
                      due.size(),
                      recovered,
                      settled);
                  return recovered;
                });
    if (sent != null && sent > 0) {
      LOG.info(
          "Sent {} lost object-created event(s) of tenant {} to its queue", sent, tenant.name());
      meters.counter("sundae.sweep.recovered", "tenant", tenant.name()).increment(sent);
    }
    return sent == null ? 0 : sent;
  }

  private Optional<HeadObjectResponse> head(TenantConfig tenant, String key) {
    try {
      return Optional.of(
          store(tenant).headObject(h -> h.bucket(tenant.storage().bucket()).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The notification the store sends for this object, in S3's shape (ObjectCreatedEvent). */
  private String event(TenantConfig tenant, String key, HeadObjectResponse object) {
    Map<String, Object> record =
        Map.of(
            "eventVersion",
            "2.1",
            "eventSource",
            "sundae:upload-sweep",
            "awsRegion",
            tenant.storage().regionOrDefault(),
            "eventTime",
            object.lastModified().toString(),
            "eventName",
            "s3:ObjectCreated:Put",
            "s3",
            Map.of(
                "bucket", Map.of("name", tenant.storage().bucket()),
                "object",
                    Map.of(
                        "key",
                        URLEncoder.encode(key, StandardCharsets.UTF_8),
                        "size",
                        object.contentLength(),
                        "eTag",
                        object.eTag() == null ? "" : object.eTag(),
                        "versionId",
                        object.versionId() == null ? "" : object.versionId())));
    return json.writeValueAsString(Map.of("Records", List.of(record)));
  }

  private S3Client store(TenantConfig tenant) {
    return stores.computeIfAbsent(tenant.name(), name -> create(tenant.storage()));
  }

  private static S3Client create(TenantConfig.Storage storage) {
    return StorageClients.s3(storage)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
        .build();
  }

  @Override
  protected void pass() {
    sweepAll();
  }

  @Override
  protected void release() {
    stores.values().forEach(S3Client::close);
    stores.clear();
  }

  private record Ticket(UUID requestId, String objectKey, Instant expiresAt) {}
}
