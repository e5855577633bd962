package dev.sundae.chat.support;

/**
 * One tenant provisioned on the test's real servers, with every credential the platform would hand
 * out to it.
 *
 * @param name tenant name, also its PostgreSQL role and schema
 * @param realm its Keycloak realm (= OIDC issuer)
 * @param issuer the issuer URL
 * @param bucket its versioned bucket
 * @param accessKey its MinIO user, limited to the bucket
 * @param secretKey the MinIO user's secret
 * @param dbPassword the password of its PostgreSQL role
 */
public record ChatTenant(
    String name,
    String realm,
    String issuer,
    String bucket,
    String accessKey,
    String secretKey,
    String dbPassword) {

  public static final String AUDIENCE = "sundae";
}
