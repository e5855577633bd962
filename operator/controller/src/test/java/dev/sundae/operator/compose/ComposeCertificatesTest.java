package dev.sundae.operator.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.tls.CertificateAuthority;
import dev.sundae.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose PKI job on a real folder: what it writes, what a second run keeps, what it renews.
 */
class ComposeCertificatesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

  @TempDir Path dir;

  @Test
  void makesACaAndACertificatePerServerThatOnlyItsGroupCanReadTheKeyOf() throws Exception {
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");

    List<String> issued =
        ComposeCertificates.issue(env("postgres:" + gid + ",minio:" + gid), NOW, quiet());

    assertThat(issued).containsExactly("postgres", "minio");
    CertificateAuthority ca = CertificateAuthority.fromPem(read("ca.crt"), read("ca/ca.key"));
    for (String server : issued) {
      assertThat(ca.stillServes(read(server + "/public.crt"), List.of(server, "localhost"), NOW))
          .as("%s's certificate: signed by the CA, for its name and localhost", server)
          .isTrue();
      assertThat(read(server + "/CAs/ca.crt")).isEqualTo(read("ca.crt"));
      assertThat(mode(server + "/private.key")).isEqualTo("rw-r-----");
      assertThat(Files.getAttribute(dir.resolve(server + "/private.key"), "unix:gid"))
          .isEqualTo(gid);
      assertThat(mode(server + "/public.crt")).isEqualTo("rw-r--r--");
    }
    assertThat(mode("ca/ca.key")).isEqualTo("rw-------");
    assertThat(mode("ca")).isEqualTo("rwx------");
  }

  @Test
  void aSecondRunKeepsWhatStillServesAndRenewsWhatIsNearItsEnd() throws Exception {
    ComposeCertificates.issue(env(ours("keycloak,chat")), NOW, quiet());
    String ca = read("ca.crt");
    String keycloak = read("keycloak/public.crt");
    String keycloakKey = read("keycloak/private.key");

    assertThat(ComposeCertificates.issue(env(ours("keycloak,chat")), NOW.plusSeconds(60), quiet()))
        .isEmpty();
    assertThat(read("keycloak/public.crt")).isEqualTo(keycloak);
    assertThat(read("keycloak/private.key")).isEqualTo(keycloakKey);

    // a server added to the list gets its certificate; the others stay
    assertThat(
            ComposeCertificates.issue(
                env(ours("keycloak,chat,gateway")), NOW.plusSeconds(120), quiet()))
        .containsExactly("gateway");

    // 61 days on, the 90-day certificates are within 30 days of their end: all issued again, by
    // the same CA, with new keys
    Instant later = NOW.plus(Duration.ofDays(61));
    assertThat(ComposeCertificates.issue(env(ours("keycloak,chat,gateway")), later, quiet()))
        .containsExactly("keycloak", "chat", "gateway");
    assertThat(read("ca.crt")).isEqualTo(ca);
    assertThat(read("keycloak/public.crt")).isNotEqualTo(keycloak);
    assertThat(read("keycloak/private.key")).isNotEqualTo(keycloakKey);
    assertThat(
            CertificateAuthority.fromPem(ca, read("ca/ca.key"))
                .stillServes(read("keycloak/public.crt"), List.of("keycloak", "localhost"), later))
        .isTrue();
  }

  @Test
  void refusesHalfACaAndServersItCannotName() throws Exception {
    assertThatThrownBy(() -> ComposeCertificates.issue(env("minio"), NOW, quiet()))
        .hasMessageContaining("'minio' is not name:gid");
    assertThatThrownBy(() -> ComposeCertificates.issue(env("Minio:0"), NOW, quiet()))
        .hasMessageContaining("'Minio:0' is not name:gid");
    assertThatThrownBy(() -> ComposeCertificates.issue(env("minio:root"), NOW, quiet()))
        .hasMessageContaining("the group of minio is no number");
    assertThatThrownBy(
            () -> ComposeCertificates.issue(Map.of("SUNDAE_PKI_DIR", dir.toString()), NOW, quiet()))
        .hasMessageContaining("SUNDAE_PKI_SERVERS is not set");

    ComposeCertificates.issue(env(ours("minio")), NOW, quiet());
    Files.delete(dir.resolve("ca/ca.key"));
    String certificate = read("minio/public.crt");
    assertThatThrownBy(() -> ComposeCertificates.issue(env(ours("minio")), NOW, quiet()))
        .hasMessageContaining("holds half a CA");
    assertThat(read("minio/public.crt")).isEqualTo(certificate);
  }

  /** The servers, each with the folder's group (which the test's user may give a file). */
  private String ours(String servers) throws Exception {
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");
    return servers.replaceAll("([a-z][a-z-]*)", "$1:" + gid);
  }

  /** The identity file is what KES itself (the binary the bootstrap built) calls the key. */
  @Test
  void eachCertificatesIdentityIsWhatKesCallsIt() throws Exception {
    ComposeCertificates.issue(env(ours("minio-kes")), NOW, quiet());
    Process kes =
        new ProcessBuilder(
                Tools.get().binary("kes").toString(),
                "identity",
                "of",
                dir.resolve("minio-kes/public.crt").toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(kes.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kes.waitFor()).as(printed).isZero();
    String identity = read("minio-kes/identity").trim();
    assertThat(identity).matches("[0-9a-f]{64}");
    assertThat(printed).contains(identity);
  }

  private Map<String, String> env(String servers) {
    return Map.of("SUNDAE_PKI_DIR", dir.toString(), "SUNDAE_PKI_SERVERS", servers);
  }

  private String read(String file) throws Exception {
    return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII);
  }

  private String mode(String file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
