package dev.sundae.chat;

import dev.sundae.tenancy.TrustedCas;
import dev.sundae.web.ProblemErrorReports;
import dev.sundae.web.ProblemHandler;
import dev.sundae.web.StrictJson;
import dev.sundae.web.security.SecurityDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The audio community of a tenant: conversations, voice messages, live delivery and sync. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ProblemHandler.class, ProblemErrorReports.class, StrictJson.class, SecurityDefaults.class})
public class ChatApplication {

  public static void main(String[] args) {
    // before anything opens a TLS connection: the backends may be signed by a CA of our own
    TrustedCas.install(System.getenv());
    SpringApplication.run(ChatApplication.class, args);
  }
}
