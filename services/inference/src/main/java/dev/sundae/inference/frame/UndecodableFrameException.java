package dev.sundae.inference.frame;

/** The bytes are not a picture the worker can read: retrying cannot help. */
public final class UndecodableFrameException extends Exception {

  public UndecodableFrameException(String reason) {
    super(reason);
  }

  public UndecodableFrameException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
