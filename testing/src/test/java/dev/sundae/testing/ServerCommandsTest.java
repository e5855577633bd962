package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.kubernetes.ControlPlanePki;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines hack/run-local.sh asks for are the tests' own, with its options: what {@link
 * ServerCommands#main} prints (run as the script runs it, in its own JVM) is the method's list.
 */
class ServerCommandsTest {

  private static final Tools TOOLS = Tools.get();

  @Test
  void keycloakWithTlsServesHttpsOnlyAndItsEnvironmentComesFirst() throws Exception {
    List<String> words =
        printed(
            "keycloak",
            "admin=boss",
            "port=8180",
            "management-port=9000",
            "data=/state/keycloak",
            "tls-cert=/pki/server.crt",
            "tls-key=/pki/server.key");

    List<String> command =
        ServerCommands.keycloak(
            TOOLS,
            8180,
            9000,
            Path.of("/state/keycloak"),
            Optional.of(
                new ServerCommands.Tls(Path.of("/pki/server.crt"), Path.of("/pki/server.key"))));
    assertThat(words.subList(words.size() - command.size(), words.size())).isEqualTo(command);
    assertThat(words.subList(0, words.size() - command.size()))
        .contains("KC_BOOTSTRAP_ADMIN_USERNAME=boss")
        .allMatch(word -> word.matches("[A-Z_]+=.*"));
    assertThat(command)
        .contains("--http-enabled=false", "--https-port=8180")
        .doesNotContain("--http-port=8180");
    assertThat(ServerCommands.keycloak(TOOLS, 8180, 9000, Path.of("/d"), Optional.empty()))
        .contains("--http-enabled=true", "--http-port=8180")
        .noneMatch(word -> word.startsWith("--https"));
  }

  @Test
  void postgresWithTlsAdmitsWhatItsHbaFileSays() throws Exception {
    List<String> words =
        printed(
            "postgres",
            "data=/pg",
            "port=5433",
            "tls-cert=/t/server.crt",
            "tls-key=/t/server.key",
            "hba=/t/pg_hba.conf");

    assertThat(words)
        .isEqualTo(
            ServerCommands.postgres(
                TOOLS,
                Path.of("/pg"),
                5433,
                Optional.empty(),
                Optional.of(
                    new ServerCommands.Tls(Path.of("/t/server.crt"), Path.of("/t/server.key"))),
                Optional.of(Path.of("/t/pg_hba.conf"))));
    assertThat(String.join(" ", words))
        .contains("-c ssl=on", "-c hba_file=/t/pg_hba.conf", "-c unix_socket_directories= ");
  }

  @Test
  void minioWithACertsFolderIsTheTestsMinioWithTls() throws Exception {
    List<String> words =
        printed("minio", "port=9000", "data=/data", "root-user=admin", "certs-dir=/certs");

    List<String> command =
        ServerCommands.minio(TOOLS, 9000, Path.of("/data"), Optional.of(Path.of("/certs")));
    assertThat(words.subList(words.size() - command.size(), words.size())).isEqualTo(command);
    assertThat(words.subList(0, words.size() - command.size()))
        .containsExactlyInAnyOrder(
            "MINIO_ROOT_USER=admin", "MINIO_BROWSER=off", "MINIO_UPDATE=off");
    assertThat(String.join(" ", command)).contains("--certs-dir /certs /data");
    assertThat(ServerCommands.minio(TOOLS, 9000, Path.of("/data"), Optional.empty()))
        .doesNotContain("--certs-dir");
  }

  @Test
  void initdbAndTheControllerManagerAreTheTestsOwn() throws Exception {
    assertThat(printed("initdb", "data=/pg", "superuser=sundae", "password-file=/pw"))
        .isEqualTo(ServerCommands.initdb(TOOLS, Path.of("/pg"), "sundae", Path.of("/pw")));
    assertThat(printed("kube-controller-manager", "kubeconfig=/k", "port=10257", "cert-dir=/kcm"))
        .isEqualTo(ServerCommands.controllerManager(TOOLS, Path.of("/k"), 10257, Path.of("/kcm")));
  }

  @Test
  void etcdAndTheApiServerAreTheTestsOwn() throws Exception {
    assertThat(printed("etcd", "data=/etcd", "port=2379", "peer-port=2380"))
        .isEqualTo(ServerCommands.etcd(TOOLS, Path.of("/etcd"), 2379, 2380))
        .contains("--listen-client-urls=http://127.0.0.1:2379", "--listen-metrics-urls=");
    assertThat(printed("kube-apiserver", "pki=/pki", "port=6443", "etcd-port=2379"))
        .isEqualTo(
            ServerCommands.kubeApiServer(TOOLS, new ControlPlanePki(Path.of("/pki")), 6443, 2379))
        .contains(
            "--etcd-servers=http://127.0.0.1:2379",
            "--client-ca-file=/pki/ca.crt",
            "--service-account-signing-key-file=/pki/sa.key");
  }

  @Test
  void kesPrintsTheEnvironmentItsConfigurationReadsThenItsCommand() throws Exception {
    List<String> words =
        printed(
            "kes",
            "config=/k/config.yml",
            "address=127.0.0.1:7373",
            "tls-cert=/k/kes.crt",
            "tls-key=/k/kes.key",
            "minio-identity=abc",
            "keystore=/k/keys",
            "cache-expiry=5m");

    List<String> command = ServerCommands.kes(TOOLS, Path.of("/k/config.yml"));
    assertThat(words.subList(words.size() - command.size(), words.size())).isEqualTo(command);
    assertThat(words.subList(0, words.size() - command.size()))
        .containsExactly(
            "SUNDAE_KES_ADDRESS=127.0.0.1:7373",
            "SUNDAE_KES_TLS_CERT=/k/kes.crt",
            "SUNDAE_KES_TLS_KEY=/k/kes.key",
            "SUNDAE_KES_MINIO_IDENTITY=abc",
            "SUNDAE_KES_CACHE_EXPIRY=5m",
            "SUNDAE_KES_KEYSTORE=/k/keys");
  }

  @Test
  void elasticmqPrintsItsEnvironmentThenTheServersCommand() throws Exception {
    List<String> words =
        printed(
            "elasticmq",
            "config=/h/elasticmq.conf",
            "classpath=/a.jar:/b.jar",
            "protocol=https",
            "host=127.0.0.1",
            "port=9324",
            "bind-port=9325",
            "region=us-east-1",
            "data=/state/sqs");

    List<String> command = ServerCommands.elasticmq("/a.jar:/b.jar", Path.of("/h/elasticmq.conf"));
    assertThat(words.subList(words.size() - command.size(), words.size())).isEqualTo(command);
    assertThat(words.subList(0, words.size() - command.size()))
        .contains("SUNDAE_SQS_PORT=9324", "SUNDAE_SQS_BIND_PORT=9325", "SUNDAE_SQS_PERSIST=true");
    assertThat(command).contains("-Dconfig.file=/h/elasticmq.conf", "org.elasticmq.server.Main");
  }

  @Test
  void kubePkiMakesTheControlPlanesCertificatesOnceAndKeepsThem(@TempDir Path dir)
      throws Exception {
    Process first = run("kube-pki", "dir=" + dir);
    assertThat(first.waitFor()).isZero();
    ControlPlanePki pki = new ControlPlanePki(dir);
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate ca = certificate(x509, pki.ca());
    X509Certificate admin = certificate(x509, pki.adminCertificate());
    X509Certificate apiServer = certificate(x509, pki.apiServerCertificate());

    admin.verify(ca.getPublicKey());
    apiServer.verify(ca.getPublicKey());
    assertThat(admin.getSubjectX500Principal().getName())
        .contains("O=system:masters", "CN=sundae-admin");
    assertThat(apiServer.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .contains((Object) "127.0.0.1", "localhost", "kubernetes.default.svc");
    assertThat(Files.getPosixFilePermissions(pki.serviceAccountKey()))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    byte[] before = Files.readAllBytes(pki.adminKey());
    assertThat(run("kube-pki", "dir=" + dir).waitFor()).isZero();
    assertThat(Files.readAllBytes(pki.adminKey()))
        .as("a second run keeps the keys")
        .isEqualTo(before);
  }

  private static X509Certificate certificate(CertificateFactory x509, Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) x509.generateCertificate(in);
    }
  }

  @Test
  void aMissingOptionIsNamed() throws Exception {
    Process process = run("keycloak", "admin=boss", "port=1");
    String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isEqualTo(2);
    assertThat(error).contains("missing option management-port=");
  }

  private static List<String> printed(String... args) throws Exception {
    Process process = run(args);
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor())
        .as(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\0");
    return new ArrayList<>(List.of(text.substring(0, text.length() - 1).split("\0", -1)));
  }

  private static Process run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dsundae.tools=" + Tools.folder());
    command.add(ServerCommands.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }
}
