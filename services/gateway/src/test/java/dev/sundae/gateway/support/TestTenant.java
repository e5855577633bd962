package dev.sundae.gateway.support;

import java.util.List;

/**
 * One tenant provisioned on the test's real servers, with every credential the platform would hand
 * out to it.
 *
 * @param name tenant name, also its PostgreSQL role and schema
 * @param realm its Keycloak realm (= OIDC issuer)
 * @param issuer the issuer URL
 * @param clientId a register's client in the realm
 * @param clientSecret the register's secret
 * @param bucket its versioned bucket
 * @param accessKey its MinIO user, limited to the bucket
 * @param secretKey the MinIO user's secret
 * @param queueUrl its queue
 * @param dbPassword the password of its PostgreSQL role
 * @param flavours its catalogue
 */
public record TestTenant(
    String name,
    String realm,
    String issuer,
    String clientId,
    String clientSecret,
    String bucket,
    String accessKey,
    String secretKey,
    String queueUrl,
    String dbPassword,
    List<String> flavours) {

  public static final String AUDIENCE = "sundae";
}
