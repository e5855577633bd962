package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Container images of an Environment's workloads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImagesSpec {

  /** When the kubelet pulls an image, as in a Pod spec. */
  public enum PullPolicy {
    @JsonProperty("Always")
    ALWAYS,
    @JsonProperty("IfNotPresent")
    IF_NOT_PRESENT,
    @JsonProperty("Never")
    NEVER
  }

  @JsonPropertyDescription(
      "Image of the shared gateway, e.g. registry.example/sundae-gateway:0.1.0; default: the"
          + " gateway of the operator's own release (sundae/sundae-gateway:<its version>).")
  private String gateway;

  @JsonPropertyDescription(
      "Image of the per-tenant inference worker; default: that of the operator's own release.")
  private String inference;

  @JsonPropertyDescription(
      "Image of the per-tenant chat service; default: that of the operator's own release.")
  private String chat;

  @Default("IfNotPresent")
  @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
  private PullPolicy pullPolicy;

  public String getGateway() {
    return gateway;
  }

  public void setGateway(String gateway) {
    this.gateway = gateway;
  }

  public String getInference() {
    return inference;
  }

  public void setInference(String inference) {
    this.inference = inference;
  }

  public String getChat() {
    return chat;
  }

  public void setChat(String chat) {
    this.chat = chat;
  }

  public PullPolicy getPullPolicy() {
    return pullPolicy;
  }

  public void setPullPolicy(PullPolicy pullPolicy) {
    this.pullPolicy = pullPolicy;
  }
}
