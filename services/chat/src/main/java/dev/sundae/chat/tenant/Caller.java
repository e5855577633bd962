package dev.sundae.chat.tenant;

import dev.sundae.tenancy.TenantConfig;

/**
 * The signed-in member making a request: the tenant whose issuer signed the token, and the token's
 * subject. A controller that takes a Caller is reached only by admitted members; see {@link
 * Unadmitted}.
 *
 * @param tenant the caller's tenant
 * @param subject the token's {@code sub}, the member's id
 * @param username the token's {@code preferred_username}, or the subject when it has none
 * @param moderator whether the token carries the community moderator's role ({@link
 *     dev.sundae.tenancy.CallerRole#MODERATOR})
 */
public record Caller(TenantConfig tenant, String subject, String username, boolean moderator) {}
