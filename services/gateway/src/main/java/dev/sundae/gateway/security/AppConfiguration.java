package dev.sundae.gateway.security;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.apps.App;
import dev.sundae.web.apps.AppsConfiguration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The gateway serves the register and the chain's dashboard ({@link AppsConfiguration}). */
@Configuration(proxyBeanMethods = false)
class AppConfiguration extends AppsConfiguration {

  AppConfiguration() {
    super(List.of(App.REGISTER, App.DASHBOARD));
  }

  @Bean
  @Order(0)
  SecurityFilterChain appFilterChain(
      HttpSecurity http, TenantDirectory tenants, GatewayProperties properties) throws Exception {
    return chain(http, tenants, properties.uploads().publicEndpoint());
  }
}
