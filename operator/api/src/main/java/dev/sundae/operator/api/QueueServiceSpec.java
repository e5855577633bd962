package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The SQS-compatible queue service of an Environment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueServiceSpec {

  @Pattern("^https?://.+")
  @JsonPropertyDescription("SQS endpoint URL (e.g. ElasticMQ); empty for the AWS default.")
  private String endpoint;

  @Default("us-east-1")
  @JsonPropertyDescription("Region of the queues.")
  private String region;

  @JsonPropertyDescription(
      "Secret with keys 'accessKey' and 'secretKey'; empty for the default AWS credentials chain.")
  private SecretRef credentialsSecret;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public SecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(SecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
