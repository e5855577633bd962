package dev.sundae.chat.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.tenancy.TenantConfig;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class OperatorTenantTest {

  @Test
  void readsTheTenantFromTheOperatorsVariablesAndSecret() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("SUNDAE_TENANT", "acme")
            .withProperty("SUNDAE_ENVIRONMENT", "prod")
            .withProperty("SUNDAE_OIDC_ISSUER", "https://id.acme.example/realms/community")
            .withProperty("SUNDAE_OIDC_AUDIENCE", "chat")
            .withProperty("SUNDAE_S3_ENDPOINT", "http://minio:9000")
            .withProperty("SUNDAE_S3_BUCKET", "sundae-prod-acme")
            .withProperty("SUNDAE_S3_ACCESS_KEY", "ak")
            .withProperty("SUNDAE_S3_SECRET_KEY", "sk")
            .withProperty("SUNDAE_DB_URL", "jdbc:postgresql://db/sundae")
            .withProperty("SUNDAE_DB_USERNAME", "tenant_prod_acme")
            .withProperty("SUNDAE_DB_PASSWORD", "pw");

    TenantConfig tenant = OperatorTenant.from(env).orElseThrow();

    assertThat(tenant.name()).isEqualTo("acme");
    assertThat(tenant.issuer()).isEqualTo("https://id.acme.example/realms/community");
    assertThat(tenant.audience()).isEqualTo("chat");
    assertThat(tenant.storage().bucket()).isEqualTo("sundae-prod-acme");
    assertThat(tenant.database().schema()).isEqualTo("tenant_prod_acme");
    assertThat(tenant.database().username()).isEqualTo("tenant_prod_acme");
  }

  @Test
  void noTenantWithoutSundaeTenantAndAClearErrorWithoutTheSecret() {
    assertThat(OperatorTenant.from(new MockEnvironment())).isEmpty();
    MockEnvironment withoutSecret =
        new MockEnvironment()
            .withProperty("SUNDAE_TENANT", "acme")
            .withProperty("SUNDAE_OIDC_ISSUER", "https://id.example");
    assertThatThrownBy(() -> OperatorTenant.from(withoutSecret))
        .hasMessage(
            "SUNDAE_TENANT is set but SUNDAE_DB_USERNAME is not: is the credentials Secret loaded?");
  }
}
