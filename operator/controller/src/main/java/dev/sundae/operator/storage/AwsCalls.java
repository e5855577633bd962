package dev.sundae.operator.storage;

import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs AWS SDK calls and turns their failures into {@link ObjectStoreException}s that say what was
 * attempted and why it failed.
 */
final class AwsCalls {

  private final String service;

  /** {@code service}: how the messages name the server, e.g. "S3 at http://minio:9000". */
  AwsCalls(String service) {
    this.service = service;
  }

  <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsServiceException e) {
      throw new ObjectStoreException(
          service
              + " refused to "
              + what
              + ": "
              + e.awsErrorDetails().errorCode()
              + " ("
              + e.awsErrorDetails().errorMessage()
              + ")",
          e);
    } catch (SdkClientException e) {
      throw new ObjectStoreException(
          service + " cannot be reached to " + what + ": " + e.getMessage(), e);
    }
  }

  void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /** The error code behind {@code e}, when the server answered with one. */
  static Optional<String> errorCode(ObjectStoreException e) {
    return e.getCause() instanceof AwsServiceException service
        ? Optional.ofNullable(service.awsErrorDetails().errorCode())
        : Optional.empty();
  }

  /** True when {@code e} is the server's answer with HTTP status {@code status}. */
  static boolean hasStatus(ObjectStoreException e, int status) {
    return e.getCause() instanceof AwsServiceException service && service.statusCode() == status;
  }
}
