package dev.sundae.chat.message;

import dev.sundae.tenancy.TenantConfig;
import java.util.List;

/**
 * Published once a new message is committed, for live delivery and push.
 *
 * @param tenant the conversation's tenant
 * @param message the message
 * @param recipients the subjects of the conversation's active members, sender included (their other
 *     devices want it too)
 */
public record MessagePosted(TenantConfig tenant, StoredMessage message, List<String> recipients) {}
