package dev.sundae.inference.worker;

import dev.sundae.tenancy.ObjectCreatedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads uploaded frames from the tenant's bucket with the tenant's own keys. */
final class FrameStore {

  private final S3Client s3;
  private final String bucket;
  private final long maxBytes;

  FrameStore(S3Client s3, String bucket, long maxBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.maxBytes = maxBytes;
  }

  /**
   * The bytes of the object version the event names.
   *
   * @throws PermanentFailure when the object is gone or too large: retrying cannot help
   * @throws software.amazon.awssdk.core.exception.SdkException when the store cannot be reached or
   *     refuses: worth a retry
   */
  byte[] read(ObjectCreatedEvent event) throws PermanentFailure {
    checkBucket(event);
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(
            b -> {
              b.bucket(bucket).key(event.key());
              if (!event.versionId().isEmpty() && !"null".equals(event.versionId())) {
                b.versionId(event.versionId());
              }
            })) {
      Long length = in.response().contentLength();
      if (length != null && length > maxBytes) {
        in.abort(); // do not download what we refuse
        throw tooLarge(event, length);
      }
      byte[] bytes = in.readNBytes((int) maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw tooLarge(event, bytes.length);
      }
      return bytes;
    } catch (NoSuchKeyException e) {
      throw new PermanentFailure("no object " + event.key() + " in bucket " + bucket);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) { // NoSuchVersion: the upload was replaced or deleted
        throw new PermanentFailure(
            "no version " + event.versionId() + " of " + event.key() + ": " + e.getMessage());
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + event.key() + " failed", e);
    }
  }

  /** An event on this tenant's queue about another bucket is never acted on. */
  void checkBucket(ObjectCreatedEvent event) throws PermanentFailure {
    if (!bucket.equals(event.bucket())) {
      throw new PermanentFailure(
          "an event for bucket " + event.bucket() + ", not this tenant's bucket " + bucket);
    }
  }

  private PermanentFailure tooLarge(ObjectCreatedEvent event, long length) {
    return new PermanentFailure(
        "frame " + event.key() + " has " + length + " bytes, over the limit of " + maxBytes);
  }
}
