package dev.sundae.web;

import jakarta.validation.ConstraintViolationException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the gateway's and the chat's APIs as an RFC 9457 problem with a reason a client's
 * developer can act on: Spring's defaults ("Invalid request content.") are replaced by the fields
 * and what is wrong, and what the caller got wrong is never answered 500. Each service imports it
 * ({@code @Import}), with {@link ProblemErrorReports} for what Tomcat refuses before Spring sees
 * it.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  private static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> Map.of("field", f.getField(), "reason", reason(f)))
            .toList();
    return invalid(errors, headers, e, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        e.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                Map.of(
                                    "field",
                                    result.getMethodParameter().getParameterName(),
                                    "reason",
                                    String.valueOf(error.getDefaultMessage()))))
            .toList();
    return invalid(errors, headers, e, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // Jackson's message names the field and the expected type; the part after the first line
    // quotes the payload and is left out.
    String cause = e.getMostSpecificCause().getMessage();
    String reason = cause == null ? "unreadable body" : cause.lines().findFirst().orElse(cause);
    ProblemDetail problem =
        Problems.problem(
            HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", reason);
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
    String expected =
        e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
    return invalid(
        List.of(Map.of("field", name, "reason", "must be a " + expected)), headers, e, request);
  }

  /** A rule of the domain refused the request: the one place its kind becomes a status. */
  @ExceptionHandler(Refusal.class)
  ResponseEntity<Object> refused(Refusal refusal, WebRequest request) {
    HttpStatus status =
        switch (refusal.kind()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case CONFLICT -> HttpStatus.CONFLICT;
          case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    ProblemDetail problem =
        Problems.problem(status, refusal.type(), refusal.title(), refusal.detail());
    return handleExceptionInternal(refusal, problem, new HttpHeaders(), status, request);
  }

  /**
   * A constraint on a parameter of a {@code @Validated} controller (Spring's method validation
   * proxy, rather than MVC's own): the caller's value is out of range.
   */
  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<Object> constraintViolated(ConstraintViolationException e, WebRequest request) {
    List<Map<String, String>> errors =
        e.getConstraintViolations().stream()
            .map(
                violation -> {
                  String path = violation.getPropertyPath().toString();
                  return Map.<String, String>of(
                      "field",
                      path.substring(path.lastIndexOf('.') + 1),
                      "reason",
                      violation.getMessage());
                })
            .sorted(Comparator.comparing(error -> error.get("field")))
            .toList();
    return invalid(errors, new HttpHeaders(), e, request);
  }

  /**
   * Tomcat could not decode the query string (bad percent-encoding, a parameter without a name): it
   * throws when the parameters are first read, which would otherwise end as a 500.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException e) {
    return ResponseEntity.badRequest()
        .body(
            Problems.problem(
                HttpStatus.BAD_REQUEST,
                "malformed-query",
                "Malformed query string",
                "The query string is not valid application/x-www-form-urlencoded: every"
                    + " parameter needs a name, and % must start a valid escape"));
  }

  /**
   * A {@code multipart/*} body that cannot be parsed (no boundary, truncated): no endpoint takes
   * multipart, and Spring parses it before any handler is chosen, which would end as a 500.
   */
  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e) {
    return ResponseEntity.badRequest()
        .body(
            Problems.problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request body",
                "The multipart body cannot be parsed; this API takes application/json"));
  }

  /**
   * PostgreSQL refuses text it cannot store (a NUL character, SQLSTATE 22021): the caller's data,
   * not our fault. Anything else the database calls an integrity violation stays a 500.
   */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> unstorableText(DataIntegrityViolationException e) {
    if (!(e.getMostSpecificCause() instanceof SQLException sql)
        || !CHARACTER_NOT_IN_REPERTOIRE.equals(sql.getSQLState())) {
      return unexpected(e);
    }
    return ResponseEntity.badRequest()
        .body(
            Problems.problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                "Text fields must not contain NUL (U+0000) characters"));
  }

  /**
   * A tenant's pool is exhausted or its database unreachable: retryable, not the caller's fault.
   */
  @ExceptionHandler(CannotGetJdbcConnectionException.class)
  ResponseEntity<ProblemDetail> databaseUnavailable(CannotGetJdbcConnectionException e) {
    LOG.warn("No database connection: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(
            Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                "Database unavailable",
                "The tenant's database is busy or unreachable; retry shortly"));
  }

  /** A controller refused the caller (no tenant for its token): the same answer as the filters. */
  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthorized(AuthenticationException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .body(
            Problems.problem(
                HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()));
  }

  /** Anything else is our fault: logged with its cause, answered without internals. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    LOG.error("Request failed", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            Problems.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The service could not handle the request; it has been logged"));
  }

  private ResponseEntity<Object> invalid(
      List<Map<String, String>> errors, HttpHeaders headers, Exception e, WebRequest request) {
    String detail =
        String.join(
            "; ",
            errors.stream().map(error -> error.get("field") + ": " + error.get("reason")).toList());
    ProblemDetail problem =
        Problems.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    problem.setProperty("errors", errors);
    return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  private static String reason(FieldError error) {
    return error.isBindingFailure()
        ? "has the wrong type"
        : String.valueOf(((MessageSourceResolvable) error).getDefaultMessage());
  }
}
