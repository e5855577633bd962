package dev.sundae.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
  private static final List<String> NAMES = ServerTls.serviceNames("sundae-gateway", "dev");

  @Test
  void aClientThatTrustsTheCaCompletesTheHandshakeForTheServiceNameOnly() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", Instant.now());
    ServerCertificate server = ca.issue(NAMES, Instant.now());

    assertThat(handshake(ca, server, "sundae-gateway.dev.svc")).isEqualTo("hello");
    assertThat(handshake(ca, server, "sundae-gateway.dev.svc.cluster.local")).isEqualTo("hello");
    assertThatThrownBy(() -> handshake(ca, server, "sundae-chat.dev-gelato.svc"))
        .as("another service's name")
        .isInstanceOf(SSLHandshakeException.class);
    CertificateAuthority other = CertificateAuthority.generate("other CA", Instant.now());
    assertThatThrownBy(() -> handshake(other, server, "sundae-gateway.dev.svc"))
        .as("a client that trusts another CA")
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aCertificateServesUntilThirtyDaysBeforeItExpiresForTheSameNamesAndCa() {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", NOW);
    String issued = ca.issue(NAMES, NOW).certificatePem();

    assertThat(ca.stillServes(issued, NAMES, NOW)).isTrue();
    assertThat(ca.stillServes(issued, NAMES, NOW.plus(Duration.ofDays(59)))).isTrue();
    assertThat(ca.stillServes(issued, NAMES, NOW.plus(Duration.ofDays(61)))).isFalse();
    assertThat(ca.stillServes(issued, List.of("sundae-gateway.dev.svc"), NOW))
        .as("other names")
        .isFalse();
    assertThat(CertificateAuthority.generate("other", NOW).stillServes(issued, NAMES, NOW))
        .as("another CA")
        .isFalse();
    assertThat(ca.stillServes("not a certificate", NAMES, NOW)).isFalse();
  }

  @Test
  void serverSecretIsKeptWhileItServesAndIssuedAgainWhenTheCaChanges() {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", NOW);
    Map<String, String> first = ServerTls.data(ca, NAMES, null, NOW);
    Secret current = new SecretBuilder().withData(first).build();

    assertThat(ServerTls.data(ca, NAMES, current, NOW.plus(Duration.ofDays(10)))).isEqualTo(first);
    assertThat(ServerTls.data(ca, NAMES, current, NOW.plus(Duration.ofDays(70))))
        .as("due for renewal")
        .isNotEqualTo(first);
    CertificateAuthority replaced = CertificateAuthority.generate("replaced", NOW);
    Map<String, String> reissued = ServerTls.data(replaced, NAMES, current, NOW);
    assertThat(reissued).isNotEqualTo(first);
    assertThat(replaced.stillServes(decode(reissued.get(ServerTls.CERTIFICATE)), NAMES, NOW))
        .isTrue();
    assertThat(decode(reissued.get(ServerTls.CA_CERTIFICATE))).isEqualTo(replaced.certificatePem());
  }

  @Test
  void caReadBackFromItsSecretSignsTheSame() {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", NOW);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(ServerTls.CA_SECRET)
            .withNamespace("dev")
            .endMetadata()
            .withData(ServerTls.data(ca))
            .build();

    CertificateAuthority read = ServerTls.authority(secret);

    assertThat(read.certificatePem()).isEqualTo(ca.certificatePem());
    assertThat(ca.stillServes(read.issue(NAMES, NOW).certificatePem(), NAMES, NOW)).isTrue();
  }

  @Test
  void aServerCertificateIsNoCa() {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", NOW);
    ServerCertificate server = ca.issue(NAMES, NOW);

    assertThatThrownBy(() -> CertificateAuthority.fromPem(server.certificatePem(), server.keyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a CA");
    Secret empty =
        new SecretBuilder()
            .withNewMetadata()
            .withName("x")
            .withNamespace("y")
            .endMetadata()
            .build();
    assertThatThrownBy(() -> ServerTls.authority(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Secret y/x has no tls.crt");
  }

  /** One TLS connection over loopback: the server says hello, the client checks its name. */
  private static String handshake(
      CertificateAuthority trusted, ServerCertificate server, String name) throws Exception {
    SSLContext serverContext = TestTls.serving(server);

    SSLContext clientContext = SSLContext.getInstance("TLS");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", TestTls.certificate(trusted.certificatePem()));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    clientContext.init(null, trustManagers.getTrustManagers(), null);

    try (SSLServerSocket listening =
        (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) listening.accept();
                    OutputStream out = accepted.getOutputStream()) {
                  out.write("hello".getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                  // the client refused the handshake
                }
              });
      // connected to loopback, checked against the name, as a client that resolved it would
      try (Socket plain = new Socket("127.0.0.1", listening.getLocalPort());
          SSLSocket client =
              (SSLSocket)
                  clientContext
                      .getSocketFactory()
                      .createSocket(plain, name, listening.getLocalPort(), true)) {
        SSLParameters parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(parameters);
        client.startHandshake();
        InputStream in = client.getInputStream();
        String read = new String(in.readNBytes(5), StandardCharsets.UTF_8);
        served.join();
        return read;
      }
    }
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
