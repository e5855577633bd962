package dev.sundae.web.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.tenancy.TenantConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The signed URLs are the AWS SDK's own: for the same request at the same second, its {@code
 * S3Presigner} and ours give the same URL, signature and headers. Signing is local: no server is
 * involved (UploadIT and the chat's tests use these URLs against MinIO).
 */
class TenantPresignersTest {

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "frames/0b5e2f3c-8d7e-4a51-9b1f-2f0e6a7c9d11.jpg",
        "chat/audio/a b+c=d&e~f*g'h(i)!.ogg",
        "clips/été/ünïcödé ☃.webm",
        "a//double/slash/"
      })
  void signsPutsAsTheSdksPresignerDoes(String key) {
    for (String endpoint :
        new String[] {
          "http://127.0.0.1:9000", "https://s3.acme.example", "https://s3.acme.example:443/store/"
        }) {
      TenantConfig tenant = tenant("http://minio:9000", "us-east-1");
      PresignedRequest sdk =
          sdk(endpoint, "us-east-1")
              .presignPutObject(
                  p ->
                      p.signatureDuration(Duration.ofSeconds(300))
                          .putObjectRequest(
                              r ->
                                  r.bucket("sundae-dev-acme")
                                      .key(key)
                                      .contentType("image/jpeg")
                                      .contentLength(153_600L)
                                      .ifNoneMatch("*")));
      SignedUrl ours =
          new TenantPresigners(endpoint, clockOf(sdk))
              .putOnce(tenant, key, "image/jpeg", 153_600, Duration.ofSeconds(300));

      assertSame(ours, sdk);
      assertThat(ours.headers())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "content-type", "image/jpeg", "content-length", "153600", "if-none-match", "*"));
    }
  }

  @Test
  void signsGetsAsTheSdksPresignerDoes() {
    TenantConfig tenant = tenant("http://minio.sundae-system.svc:9000", null);
    PresignedRequest sdk =
        sdk("http://minio.sundae-system.svc:9000", "us-east-1")
            .presignGetObject(
                p ->
                    p.signatureDuration(Duration.ofMinutes(15))
                        .getObjectRequest(
                            g -> g.bucket("sundae-dev-acme").key("chat/audio/x.ogg")));
    SignedUrl ours =
        new TenantPresigners(null, clockOf(sdk))
            .get(tenant, "chat/audio/x.ogg", Duration.ofMinutes(15));

    assertSame(ours, sdk);
    assertThat(ours.headers()).isEmpty();
  }

  @Test
  void namesAwssRegionalVirtualHostWithoutAnEndpoint() {
    TenantConfig tenant = tenant(null, "eu-west-1");
    PresignedRequest sdk =
        sdk(null, "eu-west-1")
            .presignGetObject(
                p ->
                    p.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket("sundae-dev-acme").key("clips/a.ogg")));
    SignedUrl ours =
        new TenantPresigners(" ", clockOf(sdk)).get(tenant, "clips/a.ogg", Duration.ofMinutes(1));

    assertThat(URI.create(ours.url()))
        .hasHost("sundae-dev-acme.s3.eu-west-1.amazonaws.com")
        .hasPath("/clips/a.ogg");
    assertSame(ours, sdk);
  }

  @Test
  void namesThePublicEndpointWhenThereIsOneElseTheTenantsStorageEndpoint() {
    TenantConfig tenant = tenant("http://minio.sundae-system.svc:9000", null);
    assertThat(
            URI.create(
                new TenantPresigners("https://s3.acme.example")
                    .get(tenant, "clips/a.ogg", Duration.ofMinutes(1))
                    .url()))
        .hasScheme("https")
        .hasHost("s3.acme.example")
        .hasPath("/sundae-dev-acme/clips/a.ogg");
    for (String none : new String[] {null, "", " "}) {
      assertThat(
              URI.create(
                  new TenantPresigners(none)
                      .get(tenant, "clips/a.ogg", Duration.ofMinutes(1))
                      .url()))
          .hasHost("minio.sundae-system.svc")
          .hasPort(9000)
          .hasPath("/sundae-dev-acme/clips/a.ogg");
    }
  }

  @Test
  void signsWithATenantsNewKeysOnceTheyChange() {
    TenantPresigners presigners = new TenantPresigners(null);
    String before =
        presigners.get(tenant("http://minio:9000", null), "k", Duration.ofMinutes(1)).url();
    TenantConfig rotated = tenant("http://minio:9000", null, "ak2", "sk2");
    String after = presigners.get(rotated, "k", Duration.ofMinutes(1)).url();

    assertThat(query(before).get("X-Amz-Credential")).startsWith("ak/");
    assertThat(query(after).get("X-Amz-Credential")).startsWith("ak2/");
  }

  @Test
  void expiresWhenTheStoreStopsAcceptingIt() {
    Instant now = Instant.parse("2026-12-06T23:59:59.750Z");
    SignedUrl url =
        new TenantPresigners(null, Clock.fixed(now, ZoneOffset.UTC))
            .get(tenant("http://minio:9000", null), "k", Duration.ofSeconds(30));

    // the store counts from X-Amz-Date, which has whole seconds
    assertThat(url.expiration()).isEqualTo(Instant.parse("2026-12-07T00:00:29Z"));
    assertThat(query(url.url()))
        .containsEntry("X-Amz-Date", "20261206T235959Z")
        .containsEntry("X-Amz-Expires", "30");
  }

  @Test
  void refusesLifetimesTheStoreRefuses() {
    TenantPresigners presigners = new TenantPresigners(null);
    TenantConfig tenant = tenant("http://minio:9000", null);
    assertThatThrownBy(() -> presigners.get(tenant, "k", Duration.ofDays(8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> presigners.get(tenant, "k", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSame(SignedUrl ours, PresignedRequest sdk) {
    URI expected = URI.create(sdk.url().toString());
    URI actual = URI.create(ours.url());
    assertThat(ours.method()).isEqualTo(sdk.httpRequest().method().name());
    assertThat(actual.getScheme()).isEqualTo(expected.getScheme());
    assertThat(actual.getRawAuthority()).isEqualTo(expected.getRawAuthority());
    assertThat(actual.getRawPath()).isEqualTo(expected.getRawPath());
    assertThat(query(ours.url())).isEqualTo(query(sdk.url().toString()));
    assertThat(ours.expiration())
        .isEqualTo(sdk.expiration().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    Map<String, String> sdkHeaders = new TreeMap<>();
    sdk.signedHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equals("host")) {
                sdkHeaders.put(name, String.join(",", values));
              }
            });
    assertThat(new TreeMap<>(ours.headers())).isEqualTo(sdkHeaders);
  }

  private static Map<String, String> query(String url) {
    return Arrays.stream(URI.create(url).getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> p[0],
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                (a, b) -> a,
                TreeMap::new));
  }

  /** The second the SDK signed at, which its URL states. */
  private static Clock clockOf(PresignedRequest sdk) {
    String date = query(sdk.url().toString()).get("X-Amz-Date");
    return Clock.fixed(Instant.from(AMZ_DATE.parse(date)), ZoneOffset.UTC);
  }

  private static S3Presigner sdk(String endpoint, String region) {
    S3Presigner.Builder builder =
        S3Presigner.builder()
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("ak", "sk")));
    if (endpoint != null) {
      builder
          .endpointOverride(URI.create(endpoint))
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
    }
    return builder.build();
  }

  private static TenantConfig tenant(String endpoint, String region) {
    return tenant(endpoint, region, "ak", "sk");
  }

  private static TenantConfig tenant(
      String endpoint, String region, String accessKey, String secretKey) {
    return new TenantConfig(
        "dev",
        "acme",
        "https://id.example/realms/acme",
        "sundae-acme",
        null,
        List.of("mint"),
        new TenantConfig.Storage(endpoint, region, "sundae-dev-acme", accessKey, secretKey),
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
