package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.e2e.support.Chat;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each credential the platform's realms hand out (hack/local/keycloak-realms.sh in a cluster and
 * the local run, hack/compose/keycloak/ in compose), tried on the doors that are not its own: a
 * register's token on the sales and the chat, an analyst's on uploads and the chat, a member's and
 * a moderator's on the gateway.
 */
class PrincipalsE2E {

  private static final Platform platform = Platform.get();
  private static final Gateway gateway = platform.gateway();
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-01-02T00:00:00Z");

  @Test
  void aRegisterUploadsButReadsNeitherTheSalesNorTheChat() {
    String tenant = platform.tenantNames().get(0);
    String register = platform.token(tenant);

    assertThat(gateway.requestUpload(register, "image/jpeg", 100).requestId()).isNotNull();
    assertForbidden(gateway.effectiveness(register, FROM, TO));
    assertThat(chat(tenant).get("/v1/me", register).status()).isEqualTo(403);
  }

  @Test
  void anAnalystReadsTheSalesAndNothingElse() {
    String tenant = platform.tenantNames().get(0);
    String analyst = platform.analystToken(tenant);

    assertThat(gateway.effectiveness(analyst, FROM, TO).status()).isEqualTo(200);
    assertForbidden(gateway.recommendation(analyst, UUID.randomUUID(), 0));
    assertForbidden(gateway.purchase(analyst, UUID.randomUUID(), List.of("vanilla")));
    assertThat(chat(tenant).get("/v1/me", analyst).status()).isEqualTo(403);
  }

  @Test
  void membersAndModeratorsChatButNeverReachTheGateway() {
    String tenant = platform.tenantNames().get(0);
    // ben also moderates the sample community
    for (String member : List.of("ana", "ben")) {
      String token = platform.memberToken(tenant, member);
      assertThat(chat(tenant).get("/v1/me", token).status()).as(member).isEqualTo(200);
      assertForbidden(gateway.effectiveness(token, FROM, TO));
      assertForbidden(gateway.recommendation(token, UUID.randomUUID(), 0));
      assertForbidden(gateway.purchase(token, UUID.randomUUID(), List.of("vanilla")));
    }
    assertThat(
            chat(tenant)
                .get("/v1/moderation/reports", platform.memberToken(tenant, "ana"))
                .status())
        .isEqualTo(403);
    assertThat(
            chat(tenant)
                .get("/v1/moderation/reports", platform.memberToken(tenant, "ben"))
                .status())
        .isEqualTo(200);
  }

  private static Chat chat(String tenant) {
    return platform.chat(tenant);
  }

  private static void assertForbidden(Gateway.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(403);
    assertThat(response.json().path("type").asText()).endsWith("/forbidden-role");
  }
}
