package dev.sundae.chat.verification;

import dev.sundae.tenancy.TenantConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The default verifier: no automatic check, every selfie goes to a human moderator. */
final class ModeratorQueueVerifier implements SelfieVerifier {

  @Override
  public String assess(TenantConfig tenant, String subject, String selfieKey) {
    return "no automatic check: a moderator compares the selfie with the profile photo";
  }

  @Configuration(proxyBeanMethods = false)
  static class Default {
    @Bean
    @ConditionalOnMissingBean(SelfieVerifier.class)
    SelfieVerifier moderatorQueueVerifier() {
      return new ModeratorQueueVerifier();
    }
  }
}
