package dev.sundae.chat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The audio community of a tenant: conversations, voice messages, live delivery and sync. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }
}
