package dev.sundae.gateway.upload;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.storage.TenantPresigners;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigns one PUT of one frame with the tenant's own object-store keys, which open the tenant's
 * bucket and nothing else. The signature covers the key, Content-Type, Content-Length and {@code
 * If-None-Match: *}: the store then accepts one body of exactly that size and type, and only while
 * the key is free, so a replayed URL is refused (412) and cannot overwrite or add a version.
 */
@Component
class UploadSigner implements DisposableBean {

  private final TenantPresigners presigners;

  @Autowired
  UploadSigner(GatewayProperties properties) {
    this(properties.uploads().publicEndpoint());
  }

  /** {@code publicEndpoint}: see {@link GatewayProperties.Uploads}; null or blank for none. */
  UploadSigner(String publicEndpoint) {
    this.presigners = new TenantPresigners(publicEndpoint);
  }

  PresignedPutObjectRequest sign(
      TenantConfig tenant, String key, String contentType, long sizeBytes, Duration expiry) {
    PutObjectRequest put =
        PutObjectRequest.builder()
            .bucket(tenant.storage().bucket())
            .key(key)
            .contentType(contentType)
            .contentLength(sizeBytes)
            .ifNoneMatch("*")
            .build();
    return presigners
        .of(tenant)
        .presignPutObject(p -> p.signatureDuration(expiry).putObjectRequest(put));
  }

  /** The headers a client must send with the URL; Host is set by every HTTP client itself. */
  static Map<String, String> headersToSend(PresignedPutObjectRequest signed) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    signed
        .signedHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host")) {
                headers.put(name, String.join(",", values));
              }
            });
    return headers;
  }

  @Override
  public void destroy() {
    presigners.close();
  }
}
