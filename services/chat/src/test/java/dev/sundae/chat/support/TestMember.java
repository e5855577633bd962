package dev.sundae.chat.support;

/**
 * A member of a test tenant, signed in.
 *
 * @param tenant the member's tenant
 * @param username the Keycloak username
 * @param subject the {@code sub} of the member's tokens, the member's id in the chat
 * @param token an access token (lasts Keycloak's default five minutes)
 */
public record TestMember(ChatTenant tenant, String username, String subject, String token) {}
