package dev.sundae.chat.conversation;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.util.List;
import org.springframework.stereotype.Component;

/** Whom a member shares an active conversation with: those who may see the member's presence. */
@Component
public class Contacts {

  private final TenantDatabases databases;

  Contacts(TenantDatabases databases) {
    this.databases = databases;
  }

  /** The members sharing an active conversation with {@code subject}, without the member. */
  public List<String> of(TenantConfig tenant, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT DISTINCT o.subject FROM chat_membership m"
                + " JOIN chat_membership o ON o.conversation_id = m.conversation_id"
                + " WHERE m.subject = ? AND m.state = 'active' AND o.state = 'active'"
                + " AND o.subject <> m.subject")
        .param(subject)
        .query(String.class)
        .list();
  }

  /** Whether {@code one} and {@code other} share an active conversation. */
  public boolean share(TenantConfig tenant, String one, String other) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT EXISTS (SELECT 1 FROM chat_membership m"
                + " JOIN chat_membership o ON o.conversation_id = m.conversation_id"
                + " WHERE m.subject = ? AND m.state = 'active' AND o.subject = ?"
                + " AND o.state = 'active')")
        .params(one, other)
        .query(Boolean.class)
        .single();
  }
}
