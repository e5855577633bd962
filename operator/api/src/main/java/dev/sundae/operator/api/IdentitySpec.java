package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The OIDC issuer and audience of a tenant's tokens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IdentitySpec {

  @Required
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Issuer URL (the 'iss' claim), e.g. a Keycloak realm URL.")
  private String issuer;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Audience the tokens must name (the 'aud' claim).")
  private String audience;

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
}
