package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where the pods of an Environment's Tenants may send traffic, besides what the operator finds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSpec {

  @ValidationRule(
      value = "self.all(c, isCIDR(c))",
      message = "every entry must be a CIDR, e.g. 10.20.0.0/16 or fd00:10::/64")
  @JsonPropertyDescription(
      "Private address ranges (CIDR) the Tenants' pods may reach, for a backend outside the"
          + " cluster at a private address under a host name (e.g. the VPC subnet of a managed"
          + " PostgreSQL). Without them the pods reach only their own namespace, DNS, public"
          + " addresses, and the backends this spec names by in-cluster Service name or by IP.")
  // bounds that keep the CEL rule within the API server's cost budget; 43: the longest IPv6 CIDR
  @Size(max = 64)
  private List<@Size(max = 43) String> egressCidrs;

  public List<String> getEgressCidrs() {
    return egressCidrs;
  }

  public void setEgressCidrs(List<String> egressCidrs) {
    this.egressCidrs = egressCidrs;
  }
}
