package dev.sundae.operator.storage;

/** The object store refused a request or could not be reached; the message says why. */
public class ObjectStoreException extends RuntimeException {

  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public ObjectStoreException(String message) {
    super(message);
  }
}
