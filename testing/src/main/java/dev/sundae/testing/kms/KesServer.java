package dev.sundae.testing.kms;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real KES server (MinIO's key management server, built from its Go module by hack/bootstrap.sh)
 * on a free loopback port, with the project's one configuration (hack/kes/config.yml) and its keys
 * in a temporary folder. It makes its own server certificate and the client identity MinIO
 * authenticates with ({@link #minioEnvironment()}); a key removed from {@link #keyStore()} stops
 * working after a second, the cache expiry it runs with.
 */
public final class KesServer implements TestServer {

  private final Path dir;
  private final int port = ServerProcess.freePort();
  private ServerProcess process;

  public KesServer() {
    try {
      this.dir = Files.createTempDirectory("sundae-kes-");
      Files.createDirectories(keyStore());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void start() {
    if (!Files.exists(dir.resolve("server.crt"))) {
      newIdentity("server", "--ip", "127.0.0.1", "--dns", "localhost");
      newIdentity("minio");
    }
    Path config = dir.resolve("config.yml");
    copyResource("kes/config.yml", config);
    Map<String, String> environment =
        ServerCommands.kesEnvironment(
            "127.0.0.1:" + port,
            new ServerCommands.Tls(dir.resolve("server.crt"), dir.resolve("server.key")),
            identity(dir.resolve("minio.crt")),
            keyStore(),
            "1s");
    process =
        new ServerProcess("kes", ServerCommands.kes(Tools.get(), config), environment).start();
    process.awaitReady(Duration.ofSeconds(30), () -> Probes.listening(port));
  }

  /** Stops the server and keeps its keys; {@link #start()} brings it back on the same port. */
  public void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Override
  public void close() {
    stop();
    TestServer.deleteRecursively(dir);
  }

  /**
   * The settings of a MinIO that uses this KES as its KMS: hack/kes/minio.env plus the endpoint,
   * the server's certificate to trust and the client certificate MinIO presents.
   */
  public Map<String, String> minioEnvironment() {
    var environment = new HashMap<String, String>();
    Properties fixed = new Properties();
    try (InputStream in = resource("kes/minio.env")) {
      fixed.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fixed.stringPropertyNames().forEach(name -> environment.put(name, fixed.getProperty(name)));
    environment.put("MINIO_KMS_KES_ENDPOINT", "https://127.0.0.1:" + port);
    environment.put("MINIO_KMS_KES_CAPATH", dir.resolve("server.crt").toString());
    environment.put("MINIO_KMS_KES_CERT_FILE", dir.resolve("minio.crt").toString());
    environment.put("MINIO_KMS_KES_KEY_FILE", dir.resolve("minio.key").toString());
    return Map.copyOf(environment);
  }

  /** The folder of KES's file system key store: one file per key, named as the key. */
  public Path keyStore() {
    return dir.resolve("keys");
  }

  /** The names of the keys in the key store. */
  public List<String> keys() {
    try (Stream<Path> files = Files.list(keyStore())) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a key from the key store by hand, as an operator destroying it would. */
  public void destroyKey(String name) {
    try {
      Files.delete(keyStore().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Path> logs() {
    return process == null ? List.of() : List.of(process.logFile());
  }

  /** A key pair and self-signed certificate, {@code <name>.key} and {@code <name>.crt}. */
  private void newIdentity(String name, String... sans) {
    var command =
        new java.util.ArrayList<>(
            List.of(
                kes(),
                "identity",
                "new",
                "--key",
                dir.resolve(name + ".key").toString(),
                "--cert",
                dir.resolve(name + ".crt").toString(),
                "--expiry",
                "8760h"));
    command.addAll(List.of(sans));
    command.add(name);
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kes identity new " + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** KES's identity of a certificate: the SHA-256 of its public key (`kes identity of`). */
  static String identity(Path certificate) {
    try (InputStream in = Files.newInputStream(certificate)) {
      var cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String kes() {
    return Tools.get().binary("kes").toString();
  }

  private static InputStream resource(String name) {
    InputStream in = KesServer.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the class path (hack/kes)");
    }
    return in;
  }

  private static void copyResource(String name, Path target) {
    try (InputStream in = resource(name)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
