package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** The OIDC issuers an Environment trusts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustSpec {

  @JsonPropertyDescription("Issuer URLs whose tokens the Environment's services may accept.")
  private List<@Pattern("^https?://.+") String> trustedIssuers;

  public List<String> getTrustedIssuers() {
    return trustedIssuers;
  }

  public void setTrustedIssuers(List<String> trustedIssuers) {
    this.trustedIssuers = trustedIssuers;
  }
}
