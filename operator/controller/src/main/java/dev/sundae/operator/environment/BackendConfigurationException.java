package dev.sundae.operator.environment;

/** An Environment points at backends the operator cannot use; the message says why. */
public class BackendConfigurationException extends RuntimeException {

  public BackendConfigurationException(String message) {
    super(message);
  }
}
