package dev.sundae.chat.audio;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.StorageClients;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.storage.SignedUrl;
import dev.sundae.web.storage.TenantPresigners;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The tenant's bucket, reached with the tenant's own keys (which open that bucket and nothing
 * else): presigned PUTs for clips (naming the object store as the members' apps reach it, {@link
 * TenantPresigners}) (as the gateway signs frames: key, type, length and {@code If-None-Match: *},
 * so a URL works once), presigned GETs for listening, and the service's own reads, writes (the
 * analytics export) and deletes.
 */
@Component
public class AudioStore implements DisposableBean {

  private final TenantPresigners presigners;
  private final Map<String, S3Client> clients = new ConcurrentHashMap<>();

  AudioStore(ChatProperties properties) {
    this.presigners = new TenantPresigners(properties.uploads().publicEndpoint());
  }

  /** A URL to PUT exactly {@code sizeBytes} of {@code contentType} at {@code key}, once. */
  public SignedUrl signUpload(
      TenantConfig tenant, String key, String contentType, long sizeBytes, Duration expiry) {
    return presigners.putOnce(tenant, key, contentType, sizeBytes, expiry);
  }

  /** A short-lived URL to GET the clip at {@code key}. */
  public SignedUrl signDownload(TenantConfig tenant, String key, Duration expiry) {
    return presigners.get(tenant, key, expiry);
  }

  /**
   * The object's bytes, at most {@code maxBytes + 1} of them (so that the caller can tell an object
   * over the bound), or empty when there is no object at {@code key}.
   */
  public Optional<byte[]> read(TenantConfig tenant, String key, long maxBytes) {
    try (InputStream in =
        client(tenant).getObject(g -> g.bucket(tenant.storage().bucket()).key(key))) {
      return Optional.of(in.readNBytes(Math.toIntExact(maxBytes + 1)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + key + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code bytes} at {@code key}, replacing what is there. */
  public void write(TenantConfig tenant, String key, byte[] bytes, String contentType) {
    client(tenant)
        .putObject(
            p -> p.bucket(tenant.storage().bucket()).key(key).contentType(contentType),
            RequestBody.fromBytes(bytes));
  }

  /** The "folders" right under {@code prefix}: the distinct key prefixes up to the next '/'. */
  public List<String> folders(TenantConfig tenant, String prefix) {
    return client(tenant)
        .listObjectsV2Paginator(
            l -> l.bucket(tenant.storage().bucket()).prefix(prefix).delimiter("/"))
        .commonPrefixes()
        .stream()
        .map(CommonPrefix::prefix)
        .toList();
  }

  /** Deletes every object under {@code prefix}, every version and delete marker of it. */
  public void deleteAll(TenantConfig tenant, String prefix) {
    S3Client client = client(tenant);
    String bucket = tenant.storage().bucket();
    for (ListObjectVersionsResponse page :
        client.listObjectVersionsPaginator(l -> l.bucket(bucket).prefix(prefix))) {
      page.versions()
          .forEach(
              v ->
                  client.deleteObject(d -> d.bucket(bucket).key(v.key()).versionId(v.versionId())));
      page.deleteMarkers()
          .forEach(
              m ->
                  client.deleteObject(d -> d.bucket(bucket).key(m.key()).versionId(m.versionId())));
    }
  }

  /** Deletes the object at {@code key} (every version: a refused clip leaves nothing behind). */
  public void delete(TenantConfig tenant, String key) {
    S3Client client = client(tenant);
    String bucket = tenant.storage().bucket();
    client.listObjectVersionsPaginator(l -> l.bucket(bucket).prefix(key)).versions().stream()
        .filter(v -> v.key().equals(key))
        .forEach(v -> client.deleteObject(d -> d.bucket(bucket).key(key).versionId(v.versionId())));
    client.deleteObject(d -> d.bucket(bucket).key(key));
  }

  private S3Client client(TenantConfig tenant) {
    return clients.computeIfAbsent(
        tenant.name(),
        name ->
            StorageClients.s3(tenant.storage())
                .httpClient(UrlConnectionHttpClient.create())
                .build());
  }

  @Override
  public void destroy() {
    clients.values().forEach(S3Client::close);
  }
}
