package dev.sundae.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.json.JsonMapper;

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

  /**
   * Writes {@code problem} as the response body, for code outside Spring MVC (Spring Security's
   * entry point and access-denied handler), which has set the status already.
   */
  public static void write(JsonMapper json, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), body);
  }

  public static ErrorResponseException badRequest(String type, String detail) {
    return of(HttpStatus.BAD_REQUEST, type, "Invalid request", detail);
  }

  public static ErrorResponseException notFound(String type, String title, String detail) {
    return of(HttpStatus.NOT_FOUND, type, title, detail);
  }
}
