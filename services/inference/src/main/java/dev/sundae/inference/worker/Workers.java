package dev.sundae.inference.worker;

import dev.sundae.inference.InferenceProperties;
import dev.sundae.inference.model.CandidateModel;
import dev.sundae.inference.model.DjlEngine;
import dev.sundae.inference.model.ModelSources;
import dev.sundae.inference.model.TenantModel;
import dev.sundae.inference.recommendation.RecommendationWriter;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.RecommendationNotices;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link TenantWorker} thread per configured tenant. Started last and stopped first by
 * Spring, so on SIGTERM every worker finishes its batch before the connections close.
 */
public final class Workers implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  private final InferenceProperties properties;
  private final List<TenantConfig> tenants;
  private final MeterRegistry registry;
  private final List<TenantWorker> workers = new CopyOnWriteArrayList<>(); // read by health checks
  private final List<TenantClients> clients = new ArrayList<>();
  private volatile boolean running;

  public Workers(InferenceProperties properties, MeterRegistry registry) {
    this.properties = properties;
    this.registry = registry;
    properties.tenants().forEach(Workers::requireComplete);
    // a tenant sharing a bucket with an earlier one is left out (and logged), the rest are served
    this.tenants = List.copyOf(new TenantDirectory(properties.tenants()).all());
  }

  /** The tenants this process serves. */
  List<TenantConfig> tenants() {
    return tenants;
  }

  // a worker without one of these would fail message after message: refuse to start instead
  private static void requireComplete(TenantConfig t) {
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("name", t.name());
    required.put("flavours", t.flavours() == null || t.flavours().isEmpty() ? null : t.flavours());
    required.put("storage.bucket", t.storage() == null ? null : t.storage().bucket());
    required.put("queue.url", t.queue() == null ? null : t.queue().url());
    required.put("queue.dead-letter-url", t.queue() == null ? null : t.queue().deadLetterUrl());
    required.put("database.schema", t.database() == null ? null : t.database().schema());
    required.forEach(
        (setting, value) -> {
          if (value == null) {
            throw new IllegalArgumentException(
                "sundae.tenants: tenant " + t.name() + " has no " + setting);
          }
        });
  }

  @Override
  public synchronized void start() {
    InferenceProperties.Inference settings = properties.inference();
    DjlEngine.start(settings.intraOpThreads(), settings.interOpThreads());
    if (tenants.isEmpty()) {
      log.warn("No tenants configured (sundae.tenants): nothing to do");
    }
    for (TenantConfig tenant : tenants) {
      TenantClients tenantClients = TenantClients.open(tenant, settings);
      clients.add(tenantClients);
      TenantWorker worker = worker(tenant, tenantClients, settings);
      workers.add(worker);
      Thread thread = new Thread(worker, "worker-" + tenant.name());
      thread.start();
      log.info("Tenant {}: polling {}", tenant.name(), tenant.queue().url());
    }
    running = true;
  }

  private TenantWorker worker(
      TenantConfig tenant, TenantClients tenantClients, InferenceProperties.Inference settings) {
    WorkerMetrics metrics = new WorkerMetrics(registry, tenant.name());
    String modelUri = tenant.model() == null ? null : tenant.model().uri();
    TenantModel model =
        new TenantModel(
            tenant,
            ModelSources.of(modelUri, tenantClients.s3()),
            settings.modelCheckInterval(),
            Clock.systemUTC());
    FrameStore store =
        new FrameStore(
            tenantClients.s3(), tenant.storage().bucket(), settings.maxFrameSize().toBytes());
    RecommendationWriter writer =
        new RecommendationWriter(
            tenantClients.database(),
            RecommendationNotices.of(tenant.database()),
            tenant,
            Clock.systemUTC());
    CandidateModel candidate =
        tenant.model() == null
            ? null
            : tenant
                .model()
                .candidateOrNone()
                .map(
                    trial ->
                        new CandidateModel(
                            tenant.name(),
                            trial,
                            new TenantModel(
                                tenant.name(),
                                trial.version(),
                                tenant.flavours(),
                                ModelSources.of(trial.uri(), tenantClients.s3()),
                                settings.modelCheckInterval(),
                                Clock.systemUTC()),
                            writer,
                            settings.modelCheckInterval(),
                            Clock.systemUTC()))
                .orElse(null);
    BatchProcessor processor =
        new BatchProcessor(tenant, store, writer, metrics, settings.batchSize(), Clock.systemUTC());
    return new TenantWorker(
        tenant,
        tenantClients.sqs(),
        model,
        candidate,
        processor,
        metrics,
        new TenantWorker.Polling(settings.batchSize(), settings.pollWait(), settings.maxBackoff()));
  }

  /** Lets every worker finish its batch, then closes the tenants' connections. */
  @Override
  public synchronized void stop() {
    log.info("Stopping {} worker(s); each finishes the batch in hand", workers.size());
    workers.forEach(TenantWorker::stop);
    Duration patience = properties.inference().pollWait().plusSeconds(15);
    for (TenantWorker worker : workers) {
      try {
        if (!worker.awaitStopped(patience)) {
          log.warn(
              "Tenant {}: worker still busy after {}; its messages will come back after their"
                  + " visibility timeout",
              worker.tenant(),
              patience);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    clients.forEach(TenantClients::close);
    workers.clear();
    clients.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** The tenants whose worker loop ended without being asked to, with what ended it. */
  public Map<String, String> crashed() {
    Map<String, String> crashed = new LinkedHashMap<>();
    for (TenantWorker worker : workers) {
      if (worker.crashed() != null) {
        crashed.put(worker.tenant(), worker.crashed());
      }
    }
    return crashed;
  }

  /** Each tenant's problem, or null for a tenant being served. */
  public Map<String, String> problems() {
    Map<String, String> problems = new LinkedHashMap<>();
    for (TenantWorker worker : workers) {
      problems.put(worker.tenant(), worker.problem());
    }
    return problems;
  }
}
