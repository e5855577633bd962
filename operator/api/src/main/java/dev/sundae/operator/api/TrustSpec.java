package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** The OIDC issuers an Environment trusts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustSpec {

  @JsonPropertyDescription(
      "Issuers the Environment's Tenants may name: an issuer URL, or a prefix ending in '/'"
          + " (e.g. https://id.example/realms/ for every realm of one Keycloak). A Tenant whose"
          + " issuer is not listed is refused (condition reason IssuerNotTrusted). Absent or"
          + " empty: any issuer.")
  private List<@Pattern("^https?://[^\\s$]+$") String> trustedIssuers;

  public List<String> getTrustedIssuers() {
    return trustedIssuers;
  }

  public void setTrustedIssuers(List<String> trustedIssuers) {
    this.trustedIssuers = trustedIssuers;
  }
}
