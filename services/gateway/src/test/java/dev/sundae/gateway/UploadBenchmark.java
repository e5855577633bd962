package dev.sundae.gateway;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantProperties;
import dev.sundae.tenancy.TenantRealm;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.bench.BenchRow;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.web.storage.TenantPresigners;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Load driver, not a test: saturates {@code POST /v1/uploads} (JWT check, ticket insert, signing,
 * response) with N concurrent clients on loopback for a bounded time, then runs the bare AWS
 * S3Presigner in a loop in the same JVM, and prints URLs/s, p50 and p99 of both and their ratio.
 * Real Keycloak and PostgreSQL; the gateway runs in this JVM, on this machine's cores.
 *
 * <p>Run: {@code ./mvnw -B -pl services/gateway -am -Pbenchmark -DskipTests verify}
 * (-Dbenchmark.clients=32 -Dbenchmark.seconds=20).
 */
public final class UploadBenchmark {

  private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup", 60));

  /**
   * Warm-up load. The JIT compiler threads get their share of the cores like any other thread:
   * under 32 clients they got a thirtieth, and runs were measured half-compiled, at half speed.
   */
  private static final int WARM_UP_CLIENTS = 2;

  private static final String BODY =
      "{\"contentType\":\"image/jpeg\",\"sizeBytes\":150000,\"store\":\"store-1\"}";

  private static final String GATEWAY = "gateway (its own JVM)";

  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
    int cores = Runtime.getRuntime().availableProcessors();
    try (KeycloakServer keycloak = new KeycloakServer();
        PostgresServer postgres = new PostgresServer()) {
      keycloak.start();
      postgres.start();
      keycloak.importRealm(
          TenantRealm.representation("bench", "sundae", "s3cret", TenantRealm.TOKEN_LIFESPAN));
      String password = UUID.randomUUID().toString();
      createTenantRole(postgres, password);
      int port = ServerProcess.freePort();
      try (ServerProcess gateway =
          gateway(keycloak.issuer("bench"), postgres.jdbcUrl(), password, port)) {
        String token = keycloak.clientCredentialsToken("bench", TenantRealm.REGISTER, "s3cret");
        Load http = new HttpLoad(port, token);
        System.out.printf(
            "warming up for %d s with %d clients, then 10 s with %d%n",
            WARM_UP.toSeconds(), WARM_UP_CLIENTS, clients);
        run(http, WARM_UP_CLIENTS, WARM_UP);
        run(http, clients, Duration.ofSeconds(10));
        Map<Long, String> named = Map.of(gateway.pid(), GATEWAY);
        CpuUse cpu = CpuUse.start(named);
        Result api = run(http, clients, duration);
        Map<String, Double> used = cpu.stop();
        Load bare = new PresignerLoad();
        run(bare, cores, WARM_UP);
        CpuUse presignerCpu = CpuUse.start(named);
        Result presigner = run(bare, cores, duration);
        double presignerCores = presignerCpu.stop().get(CpuUse.THIS_JVM);
        Load ownBare = new SignerLoad();
        run(ownBare, cores, WARM_UP.compareTo(duration) < 0 ? WARM_UP : duration);
        CpuUse signerCpu = CpuUse.start(named);
        Result signer = run(ownBare, cores, duration);
        double signerCores = signerCpu.stop().get(CpuUse.THIS_JVM);
        System.out.printf(
            "%nPOST /v1/uploads, %d clients, %d s:   %s%n", clients, duration.toSeconds(), api);
        System.out.printf(
            "bare S3Presigner, %d threads, %d s:    %s%n", cores, duration.toSeconds(), presigner);
        System.out.printf(
            "bare TenantPresigners, %d threads, %d s: %s%n", cores, duration.toSeconds(), signer);
        System.out.printf(
            "gateway / bare presigner: %.3f of the throughput (%d cores, shared by the load"
                + " driver, the gateway and PostgreSQL)%n",
            api.perSecond() / presigner.perSecond(), cores);
        System.out.println("CPU during the POST /v1/uploads run, in cores:");
        used.forEach(
            (who, c) -> {
              if (c >= 0.005) {
                System.out.printf("  %-36s %.2f%n", who, c);
              }
            });
        // What the figure would be with the cores to ourselves: the machine is often shared.
        double ours =
            used.values().stream().mapToDouble(Double::doubleValue).sum() - used.get(CpuUse.OTHERS);
        double cpuMsPerUrl = ours * 1000 / api.perSecond();
        System.out.printf(
            "CPU per signed URL (gateway, load driver, PostgreSQL): %.3f ms, so %,.0f URLs/s"
                + " would fill %d idle cores%n",
            cpuMsPerUrl, cores * 1000 / cpuMsPerUrl, cores);
        double gatewayMsPerUrl = used.get(GATEWAY) * 1000 / api.perSecond();
        double presignerMsPerUrl = presignerCores * 1000 / presigner.perSecond();
        double signerMsPerUrl = signerCores * 1000 / signer.perSecond();
        System.out.printf(
            "CPU per signed URL in the gateway's JVM: %.3f ms; in the bare S3Presigner: %.4f ms;"
                + " ratio %.1f (target <= 5); in the bare TenantPresigners (what the gateway"
                + " signs with): %.4f ms%n",
            gatewayMsPerUrl,
            presignerMsPerUrl,
            gatewayMsPerUrl / presignerMsPerUrl,
            signerMsPerUrl);
        String name = "signed URLs";
        new BenchRow(
                name,
                "URLs/s, gateway in its own JVM (baseline: bare presigner)",
                api.perSecond(),
                presigner.perSecond(),
                ">= 3,000/s",
                api.perSecond() >= 3000)
            .print();
        new BenchRow(name, "p99 ms", api.p99Ms(), Double.NaN, "<= 20 ms", api.p99Ms() <= 20)
            .print();
        new BenchRow(
                name,
                "gateway CPU ms per URL (baseline: bare presigner)",
                gatewayMsPerUrl,
                presignerMsPerUrl,
                "<= 5x",
                gatewayMsPerUrl / presignerMsPerUrl <= 5)
            .print();
        new BenchRow(
                name,
                "CPU ms per URL of the gateway's signer alone (baseline: bare presigner)",
                signerMsPerUrl,
                presignerMsPerUrl,
                "",
                true)
            .print();
      }
    }
  }

  /** One operation of a load; returns false when it failed. */
  interface Load {
    boolean once() throws Exception;
  }

  record Result(long count, long errors, double perSecond, double p50Ms, double p99Ms) {
    @Override
    public String toString() {
      return String.format(
          "%,10.0f URLs/s  p50 %6.2f ms  p99 %6.2f ms  (%,d ok, %d errors)",
          perSecond, p50Ms, p99Ms, count, errors);
    }
  }

  private static Result run(Load load, int threads, Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    long[][] latencies = new long[threads][];
    int[] counts = new int[threads];
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread worker =
          new Thread(
              () -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                  long start = System.nanoTime();
                  boolean ok;
                  try {
                    ok = load.once();
                  } catch (Exception e) {
                    firstError.compareAndSet(null, e.toString());
                    ok = false;
                  }
                  if (!ok) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = System.nanoTime() - start;
                }
                latencies[index] = mine;
                counts[index] = n;
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int offset = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(latencies[t], 0, all, offset, counts[t]);
      offset += counts[t];
    }
    Arrays.sort(all);
    if (firstError.get() != null) {
      System.out.println("first error: " + firstError.get());
    }
    return new Result(
        total, errors.get(), total / seconds, percentile(all, 0.50), percentile(all, 0.99));
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  /** POST /v1/uploads over one kept-alive connection per load thread. */
  private static final class HttpLoad implements Load {
    private final ThreadLocal<LoopbackClient> clients;

    HttpLoad(int port, String token) {
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      byte[] request =
          ("POST /v1/uploads HTTP/1.1\r\n"
                  + "Host: 127.0.0.1:"
                  + port
                  + "\r\n"
                  + "Authorization: Bearer "
                  + token
                  + "\r\n"
                  + "Content-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n"
                  + BODY)
              .getBytes(StandardCharsets.UTF_8);
      clients = ThreadLocal.withInitial(() -> new LoopbackClient(port, request));
    }

    @Override
    public boolean once() throws Exception {
      LoopbackClient client = clients.get();
      try {
        int status = client.send();
        if (status != 201) {
          throw new IllegalStateException("status " + status);
        }
        return true;
      } catch (java.io.IOException e) {
        client.close();
        throw e;
      }
    }
  }

  /**
   * The same URL as the gateway's, signed by the AWS SDK's presigner with nothing around it: the
   * cost of signing with the standard client, the baseline of the issue that set the target.
   */
  private static final class PresignerLoad implements Load {
    private final S3Presigner presigner =
        S3Presigner.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("bench", "bench-secret")))
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();

    @Override
    public boolean once() {
      PutObjectRequest put =
          PutObjectRequest.builder()
              .bucket("frames-bench")
              .key("frames/" + UUID.randomUUID() + ".jpg")
              .contentType("image/jpeg")
              .contentLength(150_000L)
              .ifNoneMatch("*")
              .build();
      return presigner
              .presignPutObject(
                  p -> p.signatureDuration(Duration.ofSeconds(60)).putObjectRequest(put))
              .url()
          != null;
    }
  }

  /** The gateway's own signer ({@link TenantPresigners}) with nothing around it. */
  private static final class SignerLoad implements Load {
    private final TenantPresigners presigners = new TenantPresigners(null);
    private final TenantConfig tenant =
        new TenantConfig(
            "bench",
            "bench",
            "https://issuer.example",
            "sundae",
            null,
            List.of("vanilla"),
            new TenantConfig.Storage(
                "http://127.0.0.1:9000", "us-east-1", "frames-bench", "bench", "bench-secret"),
            null,
            null,
            null,
            null,
            null,
            null);

    @Override
    public boolean once() {
      return presigners
              .putOnce(
                  tenant,
                  "frames/" + UUID.randomUUID() + ".jpg",
                  "image/jpeg",
                  150_000L,
                  Duration.ofSeconds(60))
              .url()
          != null;
    }
  }

  public static void createTenantRole(PostgresServer postgres, String password) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE bench LOGIN PASSWORD '" + password + "'");
      statement.execute("CREATE SCHEMA bench AUTHORIZATION bench");
    }
  }

  /**
   * The gateway's own jar (benchmark.gatewayJar, the one `package` built) in a JVM of its own, as
   * it runs in production, configured on its command line; ready when its readiness probe says so.
   */
  public static ServerProcess gateway(String issuer, String jdbcUrl, String password, int port) {
    int management = ServerProcess.freePort();
    Map<String, String> properties = new HashMap<>();
    properties.put("server.port", String.valueOf(port));
    properties.put("management.server.port", String.valueOf(management));
    properties.put("logging.level.root", "WARN");
    properties.putAll(
        TenantProperties.of(
            0,
            new TenantConfig(
                "bench",
                "bench",
                issuer,
                "sundae",
                null,
                List.of("vanilla", "chocolate", "pistachio"),
                // signing never calls the object store
                new TenantConfig.Storage(
                    "http://127.0.0.1:9000", "us-east-1", "frames-bench", "bench", "bench-secret"),
                new TenantConfig.Queue(null, null, "http://127.0.0.1:9324/queue/bench", null),
                new TenantConfig.Database(jdbcUrl, "bench", "bench", password),
                new TenantConfig.Model("file:///model.pt", "1", null),
                null,
                null,
                null)));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m",
                "-Xmx512m"));
    // -Dbenchmark.jfr=FILE: a JFR recording of the gateway's JVM (profile settings), for `jfr`
    String jfr = System.getProperty("benchmark.jfr", "");
    if (!jfr.isBlank()) {
      command.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr);
    }
    command.addAll(
        List.of("-jar", System.getProperty("benchmark.gatewayJar", "target/sundae-gateway.jar")));
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    ServerProcess gateway = new ServerProcess("gateway", command, Map.of()).start();
    gateway.awaitReady(
        Duration.ofSeconds(120),
        () -> Probes.httpOk("http://127.0.0.1:" + management + "/actuator/health/readiness"));
    return gateway;
  }
}
