package dev.sundae.operator;

import dev.sundae.operator.environment.Backends;
import dev.sundae.operator.environment.EnvironmentReconciler;
import dev.sundae.operator.runtime.EventRecorder;
import dev.sundae.operator.runtime.InformerHealth;
import dev.sundae.operator.runtime.Keda;
import dev.sundae.operator.runtime.LogContext;
import dev.sundae.operator.runtime.OperatorHttpServer;
import dev.sundae.operator.tenant.TenantReconciler;
import dev.sundae.tenancy.TrustedCas;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Sundae operator: reconciles Environments and Tenants until it is stopped. */
public final class SundaeOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SundaeOperator.class);

  private final Operator operator;
  private final OperatorHttpServer http;

  private SundaeOperator(Operator operator, OperatorHttpServer http) {
    this.operator = operator;
    this.http = http;
  }

  public static void main(String[] args) {
    // before any client opens a TLS connection: the backends may be signed by a CA of their own
    TrustedCas.install(System.getenv());
    OperatorSettings settings = OperatorSettings.fromEnvironment();
    KubernetesClient client = new KubernetesClientBuilder().build();
    SundaeOperator running = start(client, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "sundae-operator-shutdown"));
    log.info("Sundae operator started; metrics and health on port {}", running.httpPort());
  }

  /** Registers both reconcilers, starts them and the HTTP endpoints, and returns at once. */
  public static SundaeOperator start(KubernetesClient client, OperatorSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    InformerHealth informers = new InformerHealth();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withWorkflowExecutorService(workflowExecutor(settings))
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withCloseClientOnStop(false)
                  // informers retry what retrying can mend, from the start (not ready meanwhile)
                  .withStopOnInformerErrorDuringStartup(false)
                  .withInformerStoppedHandler(informers);
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME, settings.leaseNamespace().orElse(null)));
              }
            });
    Backends backends = new Backends(client, settings.secretNamespaces(), settings.trustedCas());
    EventRecorder events = new EventRecorder(client);
    operator.register(new EnvironmentReconciler(backends, events), overrides(settings));
    operator.register(
        new TenantReconciler(backends, events, new Keda(java.time.Clock.systemUTC())),
        overrides(settings));
    OperatorHttpServer http =
        OperatorHttpServer.start(settings.httpPort(), operator, informers, registry);
    try {
      operator.start();
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    return new SundaeOperator(operator, http);
  }

  /**
   * JOSDK reconciles a Tenant's dependents on these threads; each task takes along the log context
   * (environment, tenant) of the reconcile that submitted it.
   */
  private static ExecutorService workflowExecutor(OperatorSettings settings) {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(
            new Slf4jThreadLocalAccessor(LogContext.ENVIRONMENT, LogContext.TENANT));
    ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
    return ContextExecutorService.wrap(
        Executors.newFixedThreadPool(settings.reconcileThreads()), snapshots::captureAll);
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> overrides(OperatorSettings settings) {
    return o -> {
      o.withReconciliationMaxInterval(settings.resyncInterval());
      // retry forever, backing off to the maximum: a backend may come back after hours
      o.withRetry(
          new GenericRetry()
              .setInitialInterval(1000)
              .setIntervalMultiplier(2)
              .setMaxInterval(settings.retryMaxInterval().toMillis())
              .setMaxAttempts(Integer.MAX_VALUE));
      if (!settings.watchedNamespaces().isEmpty()) {
        o.settingNamespaces(settings.watchedNamespaces());
      }
    };
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    log.info("Stopping the Sundae operator");
    operator.stop();
    http.close();
  }
}
