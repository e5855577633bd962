package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantConfigTest {

  @Test
  void theCatalogueFollowsTheFlavoursAndTheirLooksWhereThereAreAny() {
    TenantConfig tenant =
        tenant(
            List.of("strawberry", "lemon", "mango"),
            List.of(
                new TenantConfig.Look("mango", "Alphonso Mango", "#ffb347"),
                new TenantConfig.Look("strawberry", " ", "#f4a6c0"),
                new TenantConfig.Look("durian", "Durian", "#ffffff")));

    assertThat(tenant.catalogue())
        .containsExactly(
            new TenantConfig.Look("strawberry", "strawberry", "#f4a6c0"),
            new TenantConfig.Look("lemon", "lemon", null),
            new TenantConfig.Look("mango", "Alphonso Mango", "#ffb347"));
    assertThat(tenant(List.of("lemon"), null).catalogue())
        .containsExactly(new TenantConfig.Look("lemon", "lemon", null));
  }

  private static TenantConfig tenant(List<String> flavours, List<TenantConfig.Look> looks) {
    return new TenantConfig(
        "dev",
        "acme",
        "https://id",
        "sundae",
        null,
        flavours,
        null,
        null,
        null,
        null,
        null,
        null,
        looks);
  }
}
