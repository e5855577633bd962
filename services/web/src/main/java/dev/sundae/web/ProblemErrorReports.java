package dev.sundae.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Tomcat refuses before Spring sees the request (a path with bad percent-encoding, a malformed
 * request line) is answered as a problem too, not as Tomcat's HTML page: the host's error report
 * valve is replaced by {@link Valve}. So is what Spring Security's firewall refuses (a control
 * character or an encoded slash in the path), which would otherwise reach Boot's error page.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemErrorReports {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              Host host = (Host) context.getParent();
              if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(Valve.class.getName());
              }
            });
  }

  /** Spring Security uses the one {@link RequestRejectedHandler} bean there is. */
  @Bean
  RequestRejectedHandler problemRequestRejected(JsonMapper json) {
    return (request, response, rejected) -> {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      Problems.write(
          json,
          response,
          Problems.problem(
              HttpStatus.BAD_REQUEST,
              "malformed-request",
              "Bad Request",
              "The request was refused before it reached the API: " + rejected.getMessage()));
    };
  }

  /** Writes an RFC 9457 problem for an error response nothing has written a body for. */
  public static class Valve extends ErrorReportValve {

    public Valve() {
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      String title = known == null ? "Error" : known.getReasonPhrase();
      String type = status == 400 ? "malformed-request" : "http-" + status;
      String detail =
          status == 400
              ? "The request could not be parsed: its line, target or headers are malformed"
                  + " (for example bad percent-encoding in the path)"
              : title;
      String body =
          "{\"type\":\""
              + Problems.TYPE_BASE
              + type
              + "\",\"title\":\""
              + title
              + "\",\"status\":"
              + status
              + ",\"detail\":\""
              + detail
              + "\"}";
      try {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(body);
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response already committed: nothing more to say
      }
    }
  }
}
