package dev.sundae.web.apps;

import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.storage.TenantPresigners;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What a service that serves some of the apps configures ({@link AppPages}): their files and pages,
 * and the filter chain its own {@code @Bean} method returns from {@link #chain} (with a higher
 * precedence than its API's).
 */
public abstract class AppsConfiguration implements WebMvcConfigurer {

  private final List<App> apps;

  protected AppsConfiguration(List<App> apps) {
    this.apps = List.copyOf(apps);
  }

  /**
   * @param publicEndpoint the object store as clients reach it (the service's signed URLs name it);
   *     null or blank for the tenants' own endpoints
   */
  protected SecurityFilterChain chain(
      HttpSecurity http, TenantDirectory tenants, String publicEndpoint) throws Exception {
    return AppPages.chain(http, tenants, new TenantPresigners(publicEndpoint), apps);
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    AppPages.resources(registry, apps);
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    AppPages.views(registry, apps);
  }
}
