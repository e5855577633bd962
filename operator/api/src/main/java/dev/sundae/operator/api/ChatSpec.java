package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** A tenant's audio community chat. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChatSpec {

  /** Who may join the community. */
  public enum Admission {
    /** Anyone who signs in with the tenant's issuer. */
    @JsonProperty("open")
    OPEN,
    /** Only members whose verification a moderator approved. */
    @JsonProperty("verified")
    VERIFIED
  }

  @Default("true")
  @JsonPropertyDescription("Whether the tenant has a chat service.")
  private Boolean enabled;

  @Default("open")
  @JsonPropertyDescription(
      "Who may join: 'open' (anyone who signs in) or 'verified' (after a reviewed verification).")
  private Admission admission;

  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Chat service replicas; empty for the Environment's tenantDefaults.chatReplicas.")
  private Integer replicas;

  @Pattern("^(mailto:[^@\\s]+@[^@\\s]+|https://\\S+)$")
  @JsonPropertyDescription(
      "Who push services may contact about this tenant's Web Push (VAPID 'sub', RFC 8292): a"
          + " mailto: or https: URL; empty for the chat's default.")
  private String pushContact;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Admission getAdmission() {
    return admission;
  }

  public void setAdmission(Admission admission) {
    this.admission = admission;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getPushContact() {
    return pushContact;
  }

  public void setPushContact(String pushContact) {
    this.pushContact = pushContact;
  }
}
