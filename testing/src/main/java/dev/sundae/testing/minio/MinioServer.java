package dev.sundae.testing.minio;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A real MinIO server (built from its Go module by hack/bootstrap.sh) on a free loopback port, with
 * its data in a temporary folder. {@link #stop()} and {@link #start()} keep the data, so a test can
 * take the object store away and bring it back.
 *
 * <p>Like every MinIO Sundae runs on, it has a KMS (MinIO's built-in one, a random 256-bit key kept
 * for the server's life, or a KES server with {@link #withKes}) so that buckets can encrypt their
 * objects; {@link #withoutKms()} starts one that cannot, as a store a platform engineer forgot to
 * configure.
 */
public final class MinioServer implements TestServer {

  private final Path dataDir;
  private final int port = ServerProcess.freePort();
  private final String accessKey = "sundae-admin";
  private final String secretKey = UUID.randomUUID().toString();
  private final Map<String, String> extraEnvironment;
  private final Optional<String> kmsKey;
  private ServerProcess process;

  public MinioServer() {
    this(Map.of());
  }

  /** {@code extraEnvironment}: MINIO_* settings, e.g. a notification target. */
  public MinioServer(Map<String, String> extraEnvironment) {
    this(extraEnvironment, Optional.of(newKmsKey()));
  }

  /**
   * A MinIO whose KMS is {@code kes} (started before this server): unlike the built-in KMS it holds
   * any number of keys, so that each tenant's bucket can have its own.
   */
  public static MinioServer withKes(
      dev.sundae.testing.kms.KesServer kes, Map<String, String> extraEnvironment) {
    var environment = new java.util.HashMap<String, String>(extraEnvironment);
    environment.putAll(kes.minioEnvironment());
    return new MinioServer(environment, Optional.empty());
  }

  /** A MinIO with no KMS: it refuses to encrypt a bucket. */
  public static MinioServer withoutKms() {
    return new MinioServer(Map.of(), Optional.empty());
  }

  private MinioServer(Map<String, String> extraEnvironment, Optional<String> kmsKey) {
    this.extraEnvironment = Map.copyOf(extraEnvironment);
    this.kmsKey = kmsKey;
    try {
      this.dataDir = Files.createTempDirectory("sundae-minio-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void start() {
    var environment = new java.util.HashMap<String, String>(extraEnvironment);
    environment.putAll(ServerCommands.minioEnvironment(accessKey));
    environment.put("MINIO_ROOT_PASSWORD", secretKey);
    kmsKey.ifPresent(key -> environment.put("MINIO_KMS_SECRET_KEY", key));
    List<String> command = ServerCommands.minio(Tools.get(), port, dataDir, Optional.empty());
    process = new ServerProcess("minio", command, environment).start();
    // ready answers before IAM is loaded, and a signed request then gets 503 (server not
    // initialized) for a moment: the tests start when the root user's first call would succeed
    process.awaitReady(
        Duration.ofSeconds(60),
        () -> Probes.httpOk(endpoint() + "/minio/health/ready") && answersTheRootUser());
  }

  private boolean answersTheRootUser() {
    try {
      MinioClient.builder()
          .endpoint(endpoint())
          .credentials(accessKey, secretKey)
          .build()
          .listBuckets();
      return true;
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Stops the server and keeps its data; {@link #start()} brings it back on the same port. */
  public void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Override
  public void close() {
    stop();
    TestServer.deleteRecursively(dataDir);
  }

  /** Where the server keeps its objects: what a thief of the disk would read. */
  public Path dataDir() {
    return dataDir;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The root user's access key. */
  public String accessKey() {
    return accessKey;
  }

  /** The root user's secret key. */
  public String secretKey() {
    return secretKey;
  }

  /** MinIO's built-in KMS key, {@code <name>:<base64 of 32 random bytes>}. */
  private static String newKmsKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return "sundae-at-rest:" + java.util.Base64.getEncoder().encodeToString(key);
  }

  @Override
  public List<Path> logs() {
    return process == null ? List.of() : List.of(process.logFile());
  }
}
