package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The certificate authority that signs the server certificates of an Environment's services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {

  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret holding your own CA (tls.crt, tls.key; PEM). Without it the"
          + " operator makes one, Secret sundae-ca in the Environment's namespace. Either way the"
          + " CA's certificate is what callers and MinIO's webhook must trust.")
  private SecretRef caSecret;

  public SecretRef getCaSecret() {
    return caSecret;
  }

  public void setCaSecret(SecretRef caSecret) {
    this.caSecret = caSecret;
  }
}
