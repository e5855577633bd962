package dev.sundae.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 9457 problems the API answers with. Each kind has a type URI of its own, listed in
 * openapi.yaml, so that a client can tell "unknown request" from "not ready yet" without parsing
 * text.
 */
public final class Problems {

  public static final String TYPE_BASE = "https://sundae.dev/problems/";

  private Problems() {}

  public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  public static ErrorResponseException of(
      HttpStatus status, String type, String title, String detail) {
    return new ErrorResponseException(status, problem(status, type, title, detail), null);
  }

  public static ErrorResponseException badRequest(String type, String detail) {
    return of(HttpStatus.BAD_REQUEST, type, "Invalid request", detail);
  }

  public static ErrorResponseException notFound(String type, String title, String detail) {
    return of(HttpStatus.NOT_FOUND, type, title, detail);
  }
}
