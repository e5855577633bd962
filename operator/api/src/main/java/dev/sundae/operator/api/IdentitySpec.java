package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The OIDC issuer and audience of a tenant's tokens, and where they carry the caller's roles
 * (sundae-register, sundae-analyst, sundae-member, sundae-moderator).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IdentitySpec {

  @Required
  // no '$' or white space: the value becomes the services' configuration, where ${...} would be
  // resolved as a placeholder
  @Pattern("^https?://[^\\s$]+$")
  @JsonPropertyDescription(
      "Issuer URL (the 'iss' claim), e.g. a Keycloak realm URL. One Tenant per issuer in an"
          + " Environment (the gateway finds a token's tenant by its issuer), and one the"
          + " Environment trusts (spec.identity.trustedIssuers).")
  private String issuer;

  @Required
  @Size(min = 1, max = 200)
  @Pattern("^[^\\s$]+$")
  @JsonPropertyDescription("Audience the tokens must name (the 'aud' claim).")
  private String audience;

  @Size(min = 1, max = 200)
  @Pattern("^[A-Za-z0-9_:/.-]+$")
  @JsonPropertyDescription(
      "Where the tokens carry the caller's roles: a claim (a top-level name such as"
          + " https://chain.example/roles is taken whole), or dot-separated names of nested claims,"
          + " ending at a list of strings or a space-separated string. Default: Keycloak's realm"
          + " roles (realm_access.roles). The roles Sundae reads: sundae-register (uploads,"
          + " recommendations, purchases), sundae-analyst (analytics), sundae-member (the chat),"
          + " sundae-moderator (the chat's moderation).")
  private String rolesClaim;

  public IdentitySpec() {}

  public IdentitySpec(String issuer, String audience) {
    this.issuer = issuer;
    this.audience = audience;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public String getAudience() {
    return audience;
  }

  public void setAudience(String audience) {
    this.audience = audience;
  }

  public String getRolesClaim() {
    return rolesClaim;
  }

  public void setRolesClaim(String rolesClaim) {
    this.rolesClaim = rolesClaim;
  }
}
