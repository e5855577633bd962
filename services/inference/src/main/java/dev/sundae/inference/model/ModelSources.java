package dev.sundae.inference.model;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads a tenant's model URI. */
public final class ModelSources {

  /** The bundled reference model, for tenants that name none. */
  public static final String REFERENCE = "classpath:model/reference/model.pt";

  private ModelSources() {}

  /**
   * {@code classpath:path/model.pt}, {@code file:///path/model.pt} or {@code
   * s3://bucket/key/model.pt}; S3 is read with {@code s3}, the tenant's own client.
   */
  public static ModelSource of(String uri, S3Client s3) {
    String location = uri == null || uri.isBlank() ? REFERENCE : uri.trim();
    if (location.startsWith("classpath:")) {
      return new ClasspathModelSource(location.substring("classpath:".length()));
    }
    URI parsed = URI.create(location);
    return switch (parsed.getScheme() == null ? "" : parsed.getScheme()) {
      case "file" -> new FileModelSource(Path.of(parsed));
      case "s3" -> new S3ModelSource(s3, parsed.getAuthority(), parsed.getPath().substring(1));
      default ->
          throw new IllegalArgumentException(
              "model URI " + uri + ": use classpath:, file:// or s3://");
    };
  }
}
