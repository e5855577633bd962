package dev.sundae.chat.security;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.apps.App;
import dev.sundae.web.apps.AppPages;
import dev.sundae.web.storage.TenantPresigners;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The chat serves the community app ({@link AppPages}): its API and WebSocket are its origin. */
@Configuration(proxyBeanMethods = false)
class AppConfiguration implements WebMvcConfigurer {

  static final List<App> APPS = List.of(App.COMMUNITY);

  @Bean
  @Order(0)
  SecurityFilterChain appFilterChain(
      HttpSecurity http, TenantDirectory tenants, ChatProperties properties) throws Exception {
    return AppPages.chain(
        http, tenants, new TenantPresigners(properties.uploads().publicEndpoint()), APPS);
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    AppPages.resources(registry, APPS);
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    AppPages.views(registry, APPS);
  }
}
