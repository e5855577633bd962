package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.oidc.KeycloakServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;

@WithKeycloak
class KeycloakServerIT {

  private static final String REALM = "smoke";

  @BeforeAll
  static void realm(KeycloakServer keycloak) {
    keycloak.createRealm(REALM);
    keycloak.createClient(REALM, "register-1", "s3cret", "sundae");
    keycloak.createRealm("other");
    keycloak.createClient("other", "register-1", "s3cret", "sundae");
  }

  @Test
  void realmRolesGrantedToAClientsServiceAccountAreInItsTokens(KeycloakServer keycloak) {
    keycloak.createClient(REALM, "register-2", "s3cret", "sundae");
    keycloak.grantRealmRoles(REALM, "service-account-register-2", "role-a", "role-b");
    keycloak.grantRealmRoles(REALM, "service-account-register-2", "role-a");

    Jwt jwt =
        JwtDecoders.fromIssuerLocation(keycloak.issuer(REALM))
            .decode(keycloak.clientCredentialsToken(REALM, "register-2", "s3cret"));

    assertThat(jwt.getClaimAsMap("realm_access"))
        .extractingByKey("roles")
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .contains("role-a", "role-b");
  }

  @Test
  void issuesATokenThatValidatesAgainstTheIssuersJwks(KeycloakServer keycloak) {
    String token = keycloak.clientCredentialsToken(REALM, "register-1", "s3cret");
    JwtDecoder decoder = JwtDecoders.fromIssuerLocation(keycloak.issuer(REALM));

    Jwt jwt = decoder.decode(token);

    assertThat(jwt.getIssuer().toString()).isEqualTo(keycloak.issuer(REALM));
    assertThat(jwt.getAudience()).contains("sundae");
    assertThat(jwt.getClaimAsString("azp")).isEqualTo("register-1");
  }

  @Test
  void rejectsATamperedToken(KeycloakServer keycloak) {
    String token = keycloak.clientCredentialsToken(REALM, "register-1", "s3cret");
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "x." + parts[2];
    JwtDecoder decoder = JwtDecoders.fromIssuerLocation(keycloak.issuer(REALM));

    assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(JwtException.class);
  }

  @Test
  void rejectsATokenOfAnotherIssuer(KeycloakServer keycloak) {
    String foreign = keycloak.clientCredentialsToken("other", "register-1", "s3cret");
    JwtDecoder decoder = JwtDecoders.fromIssuerLocation(keycloak.issuer(REALM));

    assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(JwtException.class);
  }
}
