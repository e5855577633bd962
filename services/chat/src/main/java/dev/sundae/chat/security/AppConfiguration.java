package dev.sundae.chat.security;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.apps.App;
import dev.sundae.web.apps.AppsConfiguration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The chat serves the community app ({@link AppsConfiguration}): its API and WebSocket are its
 * origin.
 */
@Configuration(proxyBeanMethods = false)
class AppConfiguration extends AppsConfiguration {

  AppConfiguration() {
    super(List.of(App.COMMUNITY));
  }

  @Bean
  @Order(0)
  SecurityFilterChain appFilterChain(
      HttpSecurity http, TenantDirectory tenants, ChatProperties properties) throws Exception {
    return chain(http, tenants, properties.uploads().publicEndpoint());
  }
}
