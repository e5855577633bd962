package dev.sundae.operator.api;

/** The API group and version of Sundae's custom resources, and the names they accept. */
public final class SundaeApi {

  public static final String GROUP = "sundae.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /**
   * Environment names are short because they prefix every tenant's namespace, bucket, queue and
   * database role; 15 + 30 characters keep all of those within their providers' limits.
   */
  public static final int ENVIRONMENT_NAME_MAX_LENGTH = 15;

  public static final int TENANT_NAME_MAX_LENGTH = 30;

  /**
   * Lowercase letters, digits and '-', starting with a letter and ending with a letter or digit.
   */
  public static final String NAME_PATTERN = "^[a-z]([a-z0-9-]*[a-z0-9])?$";

  /**
   * Lowercase letters and digits, starting with a letter. No '-': tenant resources are named {@code
   * <environment>-<tenant>}, and with a '-' in environment names, environment {@code a-b} with
   * tenant {@code c} and environment {@code a} with tenant {@code b-c} would share them.
   */
  public static final String ENVIRONMENT_NAME_PATTERN = "^[a-z][a-z0-9]*$";

  private SundaeApi() {}
}
