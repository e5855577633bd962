package dev.sundae.gateway.tenant;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantDirectory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class TenantConfiguration implements WebMvcConfigurer {

  private final TenantDirectory directory;

  TenantConfiguration(GatewayProperties properties) {
    this.directory = new TenantDirectory(properties.tenants());
  }

  @Bean
  TenantDirectory tenantDirectory() {
    return directory;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerTenantResolver(directory));
  }
}
