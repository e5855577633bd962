package dev.sundae.web;

/**
 * A rule of the domain refusing what a caller asked, apart from HTTP: rules throw it, and {@link
 * ProblemHandler} answers it as a problem whose status follows its {@link Kind} and whose type is
 * {@link #type()} (listed in the service's openapi.yaml). Nothing of the request has changed when
 * it is thrown.
 */
public final class Refusal extends RuntimeException {

  /** Why the request is refused; each maps to one HTTP status. */
  public enum Kind {
    /** The request itself is wrong (400). */
    INVALID,
    /** What it names does not exist for the caller (404). */
    NOT_FOUND,
    /** The caller may not do it (403). */
    FORBIDDEN,
    /** The state of things does not allow it now (409). */
    CONFLICT,
    /** What the caller sent is well-formed but cannot be accepted, e.g. a corrupt clip (422). */
    UNPROCESSABLE
  }

  private final Kind kind;
  private final String type;
  private final String title;

  private Refusal(Kind kind, String type, String title, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.type = type;
    this.title = title;
  }

  /** A refusal with a title of its own (the problem's short summary). */
  public static Refusal of(Kind kind, String type, String title, String detail) {
    return new Refusal(kind, type, title, detail);
  }

  public static Refusal invalid(String type, String detail) {
    return new Refusal(Kind.INVALID, type, "Invalid request", detail);
  }

  public static Refusal notFound(String type, String title, String detail) {
    return new Refusal(Kind.NOT_FOUND, type, title, detail);
  }

  public static Refusal forbidden(String type, String detail) {
    return new Refusal(Kind.FORBIDDEN, type, "Forbidden", detail);
  }

  public static Refusal conflict(String type, String detail) {
    return new Refusal(Kind.CONFLICT, type, "Conflict", detail);
  }

  public Kind kind() {
    return kind;
  }

  /** The problem's type, the last segment of its URI. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  /** What the caller reads: the reason, in a sentence. */
  public String detail() {
    return getMessage();
  }
}
