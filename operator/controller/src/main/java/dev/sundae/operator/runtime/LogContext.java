package dev.sundae.operator.runtime;

import org.slf4j.MDC;

/**
 * Puts the environment and tenant on every log line written while it is open, so that the logs of
 * hundreds of tenants reconciled in parallel can be told apart.
 */
public final class LogContext implements AutoCloseable {

  public static final String ENVIRONMENT = "environment";
  public static final String TENANT = "tenant";

  private LogContext() {}

  /** {@code tenant} may be null, for an Environment's own reconcile. */
  public static LogContext of(String environment, String tenant) {
    MDC.put(ENVIRONMENT, environment);
    if (tenant != null) {
      MDC.put(TENANT, tenant);
    }
    return new LogContext();
  }

  @Override
  public void close() {
    MDC.remove(ENVIRONMENT);
    MDC.remove(TENANT);
  }
}
