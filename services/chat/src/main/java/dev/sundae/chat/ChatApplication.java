package dev.sundae.chat;

import dev.sundae.web.ProblemErrorReports;
import dev.sundae.web.ProblemHandler;
import dev.sundae.web.StrictJson;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The audio community of a tenant: conversations, voice messages, live delivery and sync. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ProblemHandler.class, ProblemErrorReports.class, StrictJson.class})
public class ChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
