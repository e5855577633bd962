package dev.sundae.operator.bench;

import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.database.PostgresTenantDatabase;
import dev.sundae.operator.it.Platform;
import dev.sundae.operator.queue.SqsQueueService;
import dev.sundae.operator.storage.BucketSpec;
import dev.sundae.operator.storage.MinioObjectStore;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.bench.BenchRow;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Creates N Tenants against a real API server, MinIO, ElasticMQ and PostgreSQL and measures the
 * operator, which runs as its own JVM so that its heap, RSS and CPU are its own: time until all are
 * Ready, reconciles per second, memory, and CPU during 60 s of idling afterwards. The baseline, in
 * the same run, is the floor: each tenant's namespace, bucket, user and policy, queue pair, schema
 * and role made by the backends' own calls, 8 tenants at a time, without any reconcile logic.
 *
 * <pre>hack/bench-operator.sh [--tenants 200] [--idle-seconds 60]</pre>
 */
public final class OperatorBenchmark {

  public static void main(String[] args) throws Exception {
    int tenants = intArg(args, "--tenants", 200);
    int idleSeconds = intArg(args, "--idle-seconds", 60);
    try (KubeControlPlane cluster = new KubeControlPlane(false);
        MinioServer minio = new MinioServer();
        ElasticMqServer sqs = new ElasticMqServer();
        PostgresServer postgres = new PostgresServer()) {
      cluster.start();
      minio.start();
      sqs.start();
      postgres.start();
      Platform platform = Platform.prepare(cluster, minio, sqs, postgres, Duration.ofMinutes(10));

      double baselineSeconds = baseline(cluster, minio, sqs, postgres, tenants);

      try (OperatorProcess operator = OperatorProcess.start(cluster.kubeconfig())) {
        platform.createEnvironment("bench", EnvironmentSpec.Runtime.EXTERNAL);
        long start = System.nanoTime();
        try (KubernetesClient client = cluster.newClient()) {
          ExecutorService pool = Executors.newFixedThreadPool(8);
          for (int i = 0; i < tenants; i++) {
            String name = String.format(Locale.ROOT, "t%04d", i);
            pool.submit(() -> platform.createTenant("bench", name, spec -> {}));
          }
          pool.shutdown();
          pool.awaitTermination(10, TimeUnit.MINUTES);
          long ready = 0;
          while (ready < tenants) {
            Thread.sleep(500);
            ready =
                client.resources(Tenant.class).inNamespace("bench").list().getItems().stream()
                    .filter(t -> t.getStatus() != null)
                    .filter(
                        t -> Conditions.isTrue(t.getStatus().getConditions(), TenantStatus.READY))
                    .count();
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
              throw new IllegalStateException(
                  "only " + ready + " of " + tenants + " Ready in 15 min");
            }
          }
        }
        double readySeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> metrics = operator.metrics();
        double reconciles = metrics.getOrDefault("reconciles", 0.0);
        long rssAfterReady = operator.rssKb();
        double heapAfterReady = metrics.getOrDefault("heap", 0.0);

        double cpuBefore = operator.cpuSeconds();
        Thread.sleep(idleSeconds * 1000L);
        double idleCpu = operator.cpuSeconds() - cpuBefore;
        Map<String, Double> idleMetrics = operator.metrics();
        double idleReconciles = idleMetrics.getOrDefault("reconciles", 0.0) - reconciles;

        System.out.printf(
            Locale.ROOT, "%n=== Sundae operator benchmark: %d tenants ===%n", tenants);
        System.out.printf(
            Locale.ROOT,
            "baseline (each tenant's namespace, bucket, user, queues, schema made directly, 8 at a time): %.1f s%n",
            baselineSeconds);
        System.out.printf(
            Locale.ROOT,
            "operator: all Ready after %.1f s  (%.1fx baseline)%n",
            readySeconds,
            readySeconds / baselineSeconds);
        System.out.printf(
            Locale.ROOT,
            "reconciles: %.0f in total, %.1f/s until Ready%n",
            reconciles,
            reconciles / readySeconds);
        System.out.printf(
            Locale.ROOT,
            "operator heap used after Ready: %.0f MB; RSS %d MB%n",
            heapAfterReady / 1024 / 1024,
            rssAfterReady / 1024);
        System.out.printf(
            Locale.ROOT,
            "idle %d s afterwards: %.2f CPU-seconds (%.1f%% of one core), %.0f reconciles%n",
            idleSeconds,
            idleCpu,
            100 * idleCpu / idleSeconds,
            idleReconciles);
        // the target is for 500 tenants; a smaller run is held to the same rate
        double targetSeconds = 120.0 * tenants / 500;
        new BenchRow(
                "operator",
                tenants + " tenants all Ready, s (baseline: the same objects created directly)",
                readySeconds,
                baselineSeconds,
                String.format(Locale.ROOT, "< %.0f s", targetSeconds),
                readySeconds < targetSeconds)
            .print();
        new BenchRow(
                "operator",
                "heap MB used after Ready",
                heapAfterReady / 1024 / 1024,
                Double.NaN,
                "< 512 MB",
                heapAfterReady / 1024 / 1024 < 512)
            .print();
      }
    }
  }

  /**
   * The floor: what a tenant needs made, by the backends' own calls (the operator's object store,
   * queue service and database classes), 8 tenants at a time, without reconcile logic: a namespace;
   * a bucket with versioning and lifecycle; its user, policy and mapping; a queue pair; a schema
   * and its role.
   */
  private static double baseline(
      KubeControlPlane cluster,
      MinioServer minio,
      ElasticMqServer sqs,
      PostgresServer postgres,
      int tenants)
      throws InterruptedException {
    MinioObjectStore store =
        MinioObjectStore.connect(
            minio.endpoint(),
            MinioObjectStore.DEFAULT_REGION,
            minio.accessKey(),
            minio.secretKey());
    PostgresTenantDatabase database =
        PostgresTenantDatabase.connect(
            postgres.jdbcUrl(), postgres.username(), postgres.password());
    long start = System.nanoTime();
    try (KubernetesClient client = cluster.newClient();
        SqsQueueService queues =
            SqsQueueService.connect(
                Optional.of(URI.create(sqs.endpoint())),
                Region.of(ElasticMqServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < tenants; i++) {
        String name = String.format(Locale.ROOT, "baseline-%04d", i);
        done.add(
            pool.submit(
                () -> {
                  client
                      .namespaces()
                      .resource(
                          new NamespaceBuilder()
                              .withNewMetadata()
                              .withName(name)
                              .endMetadata()
                              .build())
                      .create();
                  store.ensureBucket(
                      new BucketSpec(
                          name, 30, 7, Optional.empty(), Optional.empty(), Optional.empty()),
                      Optional.empty());
                  store.ensureBucketUser(name, name, Optional.empty());
                  queues.ensureQueues(name, 30, 3);
                  String schema = name.replace('-', '_');
                  database.ensureTenant(schema, schema, "pw-" + name, Optional.empty());
                  return null;
                }));
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      for (Future<?> tenant : done) {
        tenant.get(); // a failed baseline is no floor
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the baseline failed: " + e.getCause(), e.getCause());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  /** The operator in its own JVM, with the same classpath as this benchmark. */
  static final class OperatorProcess implements AutoCloseable {

    private static final Pattern SAMPLE =
        Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

    private final ServerProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private OperatorProcess(ServerProcess process, int port) {
      this.process = process;
      this.port = port;
    }

    static OperatorProcess start(Path kubeconfig) {
      int port = ServerProcess.freePort();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ServerProcess process =
          new ServerProcess(
                  "operator",
                  List.of(
                      java,
                      "-Xmx512m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      "dev.sundae.operator.SundaeOperator"),
                  Map.of(
                      "KUBECONFIG", kubeconfig.toString(),
                      "SUNDAE_HTTP_PORT", Integer.toString(port),
                      "SUNDAE_RESYNC_INTERVAL", "PT10M"))
              .start();
      OperatorProcess operator = new OperatorProcess(process, port);
      process.awaitReady(Duration.ofSeconds(60), operator::ready);
      return operator;
    }

    private boolean ready() {
      try {
        return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200;
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    /** Reconciles (all controllers) and heap in use, from the operator's Prometheus metrics. */
    Map<String, Double> metrics() throws IOException, InterruptedException {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double reconciles = 0;
      double heap = 0;
      for (String line : text.split("\n")) {
        Matcher m = SAMPLE.matcher(line.trim());
        if (!m.matches()) {
          continue;
        }
        String name = m.group(1);
        String labels = m.group(2) == null ? "" : m.group(2);
        double value = Double.parseDouble(m.group(3));
        if (name.startsWith("operator_sdk_reconciliations_started") && !name.endsWith("_created")) {
          reconciles += value;
        }
        if (name.equals("jvm_memory_used_bytes") && labels.contains("area=\"heap\"")) {
          heap += value;
        }
      }
      return Map.of("reconciles", reconciles, "heap", heap);
    }

    long rssKb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    /** User plus system CPU time of the operator process, in seconds. */
    double cpuSeconds() throws IOException {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / 100.0;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
