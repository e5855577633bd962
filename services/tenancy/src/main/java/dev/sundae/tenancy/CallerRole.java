package dev.sundae.tenancy;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of caller a chain has, each a role its OIDC issuer grants: the services let a token in
 * only where one of its roles may go. A register's token cannot read the chain's sales, a member's
 * cannot ask for upload URLs, and neither reaches the other service.
 *
 * <p>The roles are read from the claim the Tenant names ({@link TenantConfig#rolesClaim()}, by
 * default Keycloak's realm roles); the names below are what the issuer must call them. The
 * platform's own callers are not roles of the issuer: the object store's event webhook proves
 * itself with the bridge token, the workers with the tenant's own storage, queue and database
 * credentials.
 */
public enum CallerRole {
  /** A store's cash register: upload URLs, recommendations, purchases (the gateway). */
  REGISTER(
      "sundae-register", "a store's cash register (gateway: uploads, recommendations, purchases)"),
  /** The chain's analysts: how recommendations sell (the gateway's {@code /v1/analytics}). */
  ANALYST("sundae-analyst", "the chain's analysts (gateway: /v1/analytics)"),
  /** A member of the chain's audio community (the chat). */
  MEMBER("sundae-member", "a member of the audio community (chat)"),
  /** A moderator of the community: admission, reports and bans, besides all a member does. */
  MODERATOR("sundae-moderator", "a moderator of the audio community (chat: /v1/moderation)");

  /** Where Keycloak puts a user's or a service account's realm roles in an access token. */
  public static final String DEFAULT_CLAIM = "realm_access.roles";

  private final String roleName;
  private final String description;

  CallerRole(String roleName, String description) {
    this.roleName = roleName;
    this.description = description;
  }

  /** What the role is for, as the issuer describes it (the realms' role descriptions). */
  public String description() {
    return description;
  }

  /** The role's name at the issuer, also the Spring Security authority the services check. */
  public String roleName() {
    return roleName;
  }

  /**
   * The roles a token's claims grant: the strings at {@code claimPath} that name one of ours. The
   * path is a top-level claim when one has that exact name (namespaced claims such as {@code
   * https://chain.example/roles} contain dots), else dot-separated names of nested objects. It ends
   * at a list of strings or a space-separated string (as {@code scope} is). Anything else there, or
   * a claim that is missing or of another shape, grants nothing.
   */
  public static Set<CallerRole> granted(Map<String, Object> claims, String claimPath) {
    Object value = claims.get(claimPath);
    if (value == null) {
      value = claims;
      for (String name : claimPath.split("\\.")) {
        if (!(value instanceof Map<?, ?> object)) {
          return EnumSet.noneOf(CallerRole.class);
        }
        value = object.get(name);
      }
    }
    Collection<?> names = List.of();
    if (value instanceof Collection<?> list) {
      names = list;
    } else if (value instanceof String words) {
      names = List.of(words.trim().split("\\s+"));
    }
    Set<CallerRole> roles = EnumSet.noneOf(CallerRole.class);
    for (CallerRole role : values()) {
      if (names.contains(role.roleName)) {
        roles.add(role);
      }
    }
    return roles;
  }
}
