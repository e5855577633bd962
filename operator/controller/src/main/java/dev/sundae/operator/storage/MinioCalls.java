package dev.sundae.operator.storage;

import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.util.Optional;

/**
 * Runs calls of minio-java, whose methods throw up to nine checked exceptions, and turns their
 * failures into {@link ObjectStoreException}s that say what was attempted and why it failed.
 */
final class MinioCalls {

  @FunctionalInterface
  interface Call<T> {
    T run() throws Exception;
  }

  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  private final String endpoint;

  MinioCalls(String endpoint) {
    this.endpoint = endpoint;
  }

  <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (ErrorResponseException e) {
      throw new ObjectStoreException(
          "MinIO refused to "
              + what
              + ": "
              + e.errorResponse().code()
              + " ("
              + e.errorResponse().message()
              + ")",
          e);
    } catch (IOException e) {
      throw new ObjectStoreException(
          "MinIO at " + endpoint + " cannot be reached to " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObjectStoreException("Interrupted while trying to " + what, e);
    } catch (Exception e) {
      throw new ObjectStoreException("MinIO failed to " + what + ": " + e, e);
    }
  }

  void run(String what, Action action) {
    call(
        what,
        () -> {
          action.run();
          return null;
        });
  }

  /** The S3 error code behind {@code e}, when the server answered with one. */
  static Optional<String> errorCode(ObjectStoreException e) {
    return e.getCause() instanceof ErrorResponseException response
        ? Optional.ofNullable(response.errorResponse().code())
        : Optional.empty();
  }
}
