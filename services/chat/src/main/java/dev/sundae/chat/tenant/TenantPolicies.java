package dev.sundae.chat.tenant;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantConfig;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** A tenant's admission policy and audio bounds: its own where set, the defaults otherwise. */
@Component
public class TenantPolicies {

  private final ChatProperties.Chat chat;

  TenantPolicies(ChatProperties properties) {
    this.chat = properties.chat();
  }

  public ChatProperties.Admission admission(TenantConfig tenant) {
    ChatProperties.Policy own = chat.policies().get(tenant.name());
    return own != null && own.admission() != null ? own.admission() : chat.admission();
  }

  public Duration retention(TenantConfig tenant) {
    ChatProperties.Policy own = chat.policies().get(tenant.name());
    return own != null && own.retention() != null ? own.retention() : chat.retention();
  }

  public long maxBytes(TenantConfig tenant) {
    ChatProperties.Policy own = chat.policies().get(tenant.name());
    return (own != null && own.maxSize() != null ? own.maxSize() : chat.audio().maxSize())
        .toBytes();
  }

  public Duration maxDuration(TenantConfig tenant) {
    ChatProperties.Policy own = chat.policies().get(tenant.name());
    return own != null && own.maxDuration() != null
        ? own.maxDuration()
        : chat.audio().maxDuration();
  }
}
