package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The quota check, on the committed examples: acme in the dev Environment. */
class QuotaFitTest {

  private static final Path EXAMPLES = Path.of("../../examples");

  @Test
  void theAcmeExampleFitsItsQuotaWithRollingUpdates() throws IOException {
    var verdict = QuotaFit.check(example("tenant-acme.yaml", Tenant.class), dev());

    assertThat(verdict.type()).isEqualTo(TenantStatus.QUOTA_SUFFICIENT);
    assertThat(verdict.status()).as(verdict.message()).isEqualTo(Conditions.TRUE);
    assertThat(verdict.message())
        .isEqualTo(
            "the quota admits inference 3 (+1 while rolling), chat 1 (+1 while rolling) Pods");
  }

  @Test
  void theQuotaThatHeldAcmesThirdWorkerIsTooSmall() throws IOException {
    // the 4 CPUs a kind run showed: three workers and the chat, no room for a rolling update
    Tenant acme = example("tenant-acme.yaml", Tenant.class);
    acme.getSpec().getQuota().setCpu(new Quantity("4"));

    var verdict = QuotaFit.check(acme, dev());

    assertThat(verdict.status()).isEqualTo(Conditions.FALSE);
    assertThat(verdict.reason()).isEqualTo(QuotaFit.TOO_SMALL);
    assertThat(verdict.message())
        .contains("limits.cpu 4 < 6 x 1")
        .doesNotContain("requests.cpu")
        .doesNotContain("memory");
  }

  @Test
  void everyCapCountsAndAChatTurnedOffNeedsNoRoom() throws IOException {
    Tenant acme = example("tenant-acme.yaml", Tenant.class);
    acme.getSpec().getQuota().setPods(5);
    acme.getSpec().getQuota().setMemory(new Quantity("5Gi"));

    var verdict = QuotaFit.check(acme, dev());

    assertThat(verdict.status()).isEqualTo(Conditions.FALSE);
    assertThat(verdict.message()).contains("limits.memory 5Gi < 6 x 1Gi").contains("pods 5 < 6");

    ChatSpec noChat = acme.getSpec().getChat();
    noChat.setEnabled(false);
    acme.getSpec().getQuota().setCpu(new Quantity("4"));
    assertThat(QuotaFit.check(acme, dev()).status())
        .as("inference alone: 4 Pods at most")
        .isEqualTo(Conditions.TRUE);
  }

  private static Environment dev() throws IOException {
    return example("environment-dev.yaml", Environment.class);
  }

  private static <T> T example(String file, Class<T> type) throws IOException {
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve(file))) {
      return Serialization.unmarshal(in, type);
    }
  }
}
