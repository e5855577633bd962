package dev.sundae.inference.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A model in an S3 bucket ({@code s3://bucket/models/v3/model.pt}), read with the tenant's keys.
 */
final class S3ModelSource implements ModelSource {

  private final S3Client s3;
  private final String bucket;
  private final String model;
  private final String labels;

  S3ModelSource(S3Client s3, String bucket, String key) {
    this.s3 = s3;
    this.bucket = bucket;
    this.model = key;
    int slash = key.lastIndexOf('/');
    this.labels = (slash < 0 ? "" : key.substring(0, slash + 1)) + LABELS;
  }

  @Override
  public String fingerprint() {
    return etag(model) + "/" + etag(labels);
  }

  @Override
  public ModelFiles fetch(Path dir) throws IOException {
    Path modelFile = dir.resolve("model.pt");
    Path labelsFile = dir.resolve(LABELS);
    Files.deleteIfExists(modelFile);
    Files.deleteIfExists(labelsFile);
    // the ETags of what was downloaded, not of what a HEAD saw a moment earlier
    GetObjectResponse m = s3.getObject(b -> b.bucket(bucket).key(model), modelFile);
    GetObjectResponse l = s3.getObject(b -> b.bucket(bucket).key(labels), labelsFile);
    return new ModelFiles(modelFile, labelsFile, m.eTag() + "/" + l.eTag());
  }

  @Override
  public String uri() {
    return "s3://" + bucket + "/" + model;
  }

  private String etag(String key) {
    return s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
  }
}
