package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a tenant's services answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantEndpoints {

  @JsonPropertyDescription("URL of the tenant's inference service.")
  private String inference;

  @JsonPropertyDescription("URL of the tenant's chat service; empty when chat is disabled.")
  private String chat;

  public TenantEndpoints() {}

  public TenantEndpoints(String inference, String chat) {
    this.inference = inference;
    this.chat = chat;
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
}
