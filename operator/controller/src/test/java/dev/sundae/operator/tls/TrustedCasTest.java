package dev.sundae.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sundae.tenancy.TrustedCas;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * {@link TrustedCas} makes the clients the operator and the services use trust a backend whose
 * certificate a CA of our own signed, through a real HTTPS server on loopback: the AWS SDK's client
 * (S3, SQS), OkHttp (the MinIO client) and the JDK's client (token issuers). Host names stay
 * checked. It installs JVM-wide, as {@code main} does, and puts the JVM back afterwards.
 */
class TrustedCasTest {

  private static final String[] PROPERTIES = {
    "javax.net.ssl.trustStore", "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword"
  };

  private static CertificateAuthority ca;
  private static HttpsServer server;
  private static SSLContext jvmDefault;

  @BeforeAll
  static void backendSignedByOurOwnCa() throws Exception {
    jvmDefault = SSLContext.getDefault();
    ca = CertificateAuthority.generate("backends CA", Instant.now());
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(TestTls.serving(ca.issue(List.of("localhost"), Instant.now()))));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    jvmAsBefore();
  }

  private static void jvmAsBefore() {
    for (String property : PROPERTIES) {
      System.clearProperty(property);
    }
    SSLContext.setDefault(jvmDefault);
  }

  @Test
  void afterInstallEveryClientTrustsTheBackendAndStillChecksItsName() throws Exception {
    assertThatThrownBy(() -> awsSdkGet("localhost"))
        .as("before: the JDK's CAs only")
        .hasStackTraceContaining("unable to find valid certification path");

    assertThat(TrustedCas.install(Map.of(TrustedCas.VARIABLE, ca.certificatePem()))).isEqualTo(1);

    assertThat(awsSdkGet("localhost")).isEqualTo(200);
    assertThat(okHttpGet("localhost")).isEqualTo("backend");
    assertThat(
            HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url("localhost")).build(), BodyHandlers.ofString())
                .body())
        .isEqualTo("backend");
    // the certificate names localhost, not the address
    assertThatThrownBy(() -> okHttpGet("127.0.0.1"))
        .isInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class);
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(url("127.0.0.1")).build(), BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
    // the JDK's public CAs are still trusted: the store the JVM now names is theirs plus ours
    KeyStore installed = KeyStore.getInstance("PKCS12");
    try (InputStream in =
        Files.newInputStream(Path.of(System.getProperty("javax.net.ssl.trustStore")))) {
      installed.load(in, System.getProperty("javax.net.ssl.trustStorePassword").toCharArray());
    }
    KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      jdk.load(in, null);
    }
    assertThat(installed.size()).isEqualTo(jdk.size() + 1);
    assertThat(installed.getCertificateAlias(TestTls.certificate(ca.certificatePem()))).isNotNull();
  }

  @Test
  void nothingToInstallChangesNothingAndAPemWithoutCertificatesIsRefused() {
    assertThat(TrustedCas.install(Map.of())).isZero();
    assertThat(TrustedCas.install(Map.of(TrustedCas.VARIABLE, "  "))).isZero();
    assertThatThrownBy(() -> TrustedCas.install(Map.of(TrustedCas.VARIABLE, "not a certificate")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(TrustedCas.VARIABLE);
  }

  @Test
  void aFileOfCertificatesCountsAsTheVariableDoesAndAMissingOneStopsTheStart(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ca.crt");
    Files.writeString(file, ca.certificatePem(), StandardCharsets.US_ASCII);
    CertificateAuthority other = CertificateAuthority.generate("another CA", Instant.now());
    try {
      assertThat(TrustedCas.install(Map.of(TrustedCas.FILE_VARIABLE, file.toString())))
          .isEqualTo(1);
      assertThat(okHttpGet("localhost")).isEqualTo("backend");
      assertThat(
              TrustedCas.install(
                  Map.of(
                      TrustedCas.VARIABLE,
                      other.certificatePem(),
                      TrustedCas.FILE_VARIABLE,
                      file.toString())))
          .as("both: the variable's and the file's")
          .isEqualTo(2);
    } finally {
      jvmAsBefore();
    }
    assertThatThrownBy(
            () ->
                TrustedCas.install(
                    Map.of(TrustedCas.FILE_VARIABLE, dir.resolve("missing.crt").toString())))
        .hasMessageContaining(TrustedCas.FILE_VARIABLE)
        .hasMessageContaining("missing.crt");
  }

  @Test
  void aJdbcUrlThatVerifiesTheServerChecksItAgainstTheJvmsTrust() {
    assertThat(
            TrustedCas.jdbcUrlTrustingTheJvm(
                "jdbc:postgresql://db:5432/sundae?sslmode=verify-full"))
        .isEqualTo(
            "jdbc:postgresql://db:5432/sundae?sslmode=verify-full"
                + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
    assertThat(TrustedCas.jdbcUrlTrustingTheJvm("jdbc:postgresql://db/s?a=b&sslmode=verify-ca"))
        .endsWith("&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
    for (String unchanged :
        List.of(
            "jdbc:postgresql://db:5432/sundae",
            "jdbc:postgresql://db:5432/sundae?sslmode=require",
            "jdbc:postgresql://db/s?sslmode=verify-full&sslrootcert=/etc/ca.crt",
            "jdbc:postgresql://db/s?sslmode=verify-full&sslfactory=my.Factory")) {
      assertThat(TrustedCas.jdbcUrlTrustingTheJvm(unchanged)).isEqualTo(unchanged);
    }
  }

  private static URI url(String host) {
    return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/");
  }

  private static int awsSdkGet(String host) throws IOException {
    try (SdkHttpClient client = UrlConnectionHttpClient.create()) {
      ExecutableHttpRequest call =
          client.prepareRequest(
              HttpExecuteRequest.builder()
                  .request(
                      SdkHttpRequest.builder().uri(url(host)).method(SdkHttpMethod.GET).build())
                  .build());
      return call.call().httpResponse().statusCode();
    }
  }

  private static String okHttpGet(String host) throws IOException {
    try (var response =
        new OkHttpClient()
            .newCall(new Request.Builder().url(url(host).toURL()).build())
            .execute()) {
      return response.body().string();
    }
  }
}
