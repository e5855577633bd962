package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerRoleTest {

  @Test
  void readsKeycloaksRealmRolesByDefault() {
    Map<String, Object> claims =
        Map.of(
            "realm_access",
            Map.of("roles", List.of("offline_access", "sundae-member", "sundae-moderator")));

    assertThat(CallerRole.granted(claims, CallerRole.DEFAULT_CLAIM))
        .containsExactlyInAnyOrder(CallerRole.MEMBER, CallerRole.MODERATOR);
  }

  @Test
  void readsATopLevelClaimWholeEvenWithDotsInItsName() {
    Map<String, Object> claims =
        Map.of("https://chain.example/roles", List.of("sundae-analyst"), "roles", List.of());

    assertThat(CallerRole.granted(claims, "https://chain.example/roles"))
        .containsExactly(CallerRole.ANALYST);
  }

  @Test
  void readsASpaceSeparatedString() {
    assertThat(CallerRole.granted(Map.of("scope", "openid sundae-register email"), "scope"))
        .containsExactly(CallerRole.REGISTER);
  }

  @Test
  void grantsNothingForAMissingOrMisshapenClaimOrForeignNames() {
    Map<String, Object> claims =
        Map.of(
            "realm_access", List.of("sundae-register"),
            "groups", List.of("admins", "SUNDAE-REGISTER", "sundae-register-x"),
            "level", 3);

    assertThat(CallerRole.granted(claims, CallerRole.DEFAULT_CLAIM)).isEmpty();
    assertThat(CallerRole.granted(claims, "groups")).isEmpty();
    assertThat(CallerRole.granted(claims, "level")).isEmpty();
    assertThat(CallerRole.granted(claims, "absent.claim")).isEmpty();
  }
}
