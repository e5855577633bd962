package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The PostgreSQL database of an Environment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {

  @Required
  @Pattern("^jdbc:postgresql://.+")
  @JsonPropertyDescription(
      "JDBC URL of the database, e.g. jdbc:postgresql://localhost:5432/sundae.")
  private String jdbcUrl;

  @Required
  @JsonPropertyDescription(
      "Secret with keys 'username' and 'password' of a role that may create schemas and roles.")
  private SecretRef credentialsSecret;

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public SecretRef getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(SecretRef credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
