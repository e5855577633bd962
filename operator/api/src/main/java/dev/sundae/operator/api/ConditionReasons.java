package dev.sundae.operator.api;

/** Reasons shared by the conditions of Environments and Tenants; CamelCase, as the API asks. */
public final class ConditionReasons {

  /** Everything the condition covers exists and matches the spec. */
  public static final String RECONCILED = "Reconciled";

  /** Creation or an update is under way; the message says what is awaited. */
  public static final String PROGRESSING = "Progressing";

  /** A provider call or a Kubernetes request failed; the message has the error. */
  public static final String FAILED = "Failed";

  /** Another condition this one depends on is not True yet. */
  public static final String DEPENDENCY_NOT_READY = "DependencyNotReady";

  /** No Environment has the Tenant's namespace as its spec.namespace. */
  public static final String ENVIRONMENT_NOT_FOUND = "EnvironmentNotFound";

  /** The spec turns the feature off, e.g. chat.enabled: false. */
  public static final String DISABLED = "Disabled";

  /** The Environment runs workloads outside the cluster (runtime: external). */
  public static final String EXTERNAL_RUNTIME = "ExternalRuntime";

  /** The Tenant's issuer is not among its Environment's spec.identity.trustedIssuers. */
  public static final String ISSUER_NOT_TRUSTED = "IssuerNotTrusted";

  /** An older Tenant of the Environment has the same issuer; the gateway serves that one. */
  public static final String ISSUER_IN_USE = "IssuerInUse";

  private ConditionReasons() {}
}
