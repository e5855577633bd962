package dev.sundae.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantNamesTest {

  /** DNS-1123 label: what a Kubernetes namespace name must be. */
  private static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** S3 bucket names (general purpose buckets): lowercase letters, digits, '.' and '-'. */
  private static final String BUCKET = "^[a-z0-9][a-z0-9.-]*[a-z0-9]$";

  /** SQS queue names: alphanumerics, '-' and '_'. */
  private static final String QUEUE = "^[A-Za-z0-9_-]+$";

  /** An unquoted PostgreSQL identifier that needs no quoting. */
  private static final String POSTGRES_IDENTIFIER = "^[a-z_][a-z0-9_]*$";

  @Test
  void derivesEveryNameFromEnvironmentAndTenant() {
    TenantNames names = new TenantNames("dev", "acme");

    assertThat(names.namespace()).isEqualTo("dev-acme");
    assertThat(names.bucket()).isEqualTo("sundae-dev-acme");
    assertThat(names.objectStoreUser()).isEqualTo("sundae-dev-acme");
    assertThat(names.queue()).isEqualTo("sundae-dev-acme-frames");
    assertThat(names.deadLetterQueue()).isEqualTo("sundae-dev-acme-frames-dlq");
    assertThat(names.databaseSchema()).isEqualTo("tenant_dev_acme");
    assertThat(names.databaseRole()).isEqualTo("tenant_dev_acme");
    assertThat(names.credentialsSecret()).isEqualTo("sundae-tenant-credentials");
  }

  @Test
  void replacesHyphensInDatabaseIdentifiers() {
    TenantNames names = new TenantNames("euwest", "gelato-bar");

    assertThat(names.databaseSchema()).isEqualTo("tenant_euwest_gelato_bar");
    assertThat(names.namespace()).isEqualTo("euwest-gelato-bar");
  }

  @Test
  void theLongestNamesFitEveryProvidersLimit() {
    String environment = "e" + "x".repeat(SundaeApi.ENVIRONMENT_NAME_MAX_LENGTH - 1);
    String tenant = "t" + "y".repeat(SundaeApi.TENANT_NAME_MAX_LENGTH - 1);
    TenantNames names = new TenantNames(environment, tenant);

    assertThat(environment).hasSize(15);
    assertThat(tenant).hasSize(30);
    assertThat(names.namespace()).hasSizeLessThanOrEqualTo(63).matches(NAMESPACE);
    assertThat(names.bucket()).hasSizeBetween(3, 63).matches(BUCKET);
    assertThat(names.objectStoreUser()).hasSizeLessThanOrEqualTo(63);
    assertThat(names.queue()).hasSizeLessThanOrEqualTo(80).matches(QUEUE);
    assertThat(names.deadLetterQueue()).hasSizeLessThanOrEqualTo(80).matches(QUEUE);
    // PostgreSQL truncates identifiers beyond NAMEDATALEN - 1 = 63 bytes
    assertThat(names.databaseSchema()).hasSizeLessThanOrEqualTo(63).matches(POSTGRES_IDENTIFIER);
  }

  @Test
  void theLongestNamesWithHyphensStayValidToo() {
    TenantNames names = new TenantNames("abcdefghijklmno", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o9");

    assertThat(names.namespace()).hasSizeLessThanOrEqualTo(63).matches(NAMESPACE);
    assertThat(names.bucket()).hasSizeLessThanOrEqualTo(63).matches(BUCKET);
    assertThat(names.deadLetterQueue()).hasSizeLessThanOrEqualTo(80).matches(QUEUE);
    assertThat(names.databaseSchema()).hasSizeLessThanOrEqualTo(63).matches(POSTGRES_IDENTIFIER);
  }

  @ParameterizedTest
  @CsvSource({
    "abcdefghijklmnop, acme", // environment of 16 characters
    "dev, abcdefghijklmnopqrstuvwxyz12345", // tenant of 31 characters
    "Dev, acme",
    "dev, Acme",
    "1dev, acme",
    "dev, acme-",
    "dev.eu, acme",
    "dev-eu, acme", // would collide with environment dev and tenant eu-acme
    "dev, ''",
  })
  void refusesNamesTheCustomResourcesRefuse(String environment, String tenant) {
    assertThatThrownBy(() -> new TenantNames(environment, tenant))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid");
  }
}
