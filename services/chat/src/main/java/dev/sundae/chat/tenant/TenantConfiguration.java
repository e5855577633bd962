package dev.sundae.chat.tenant;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.member.Members;
import dev.sundae.tenancy.TenantDirectory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class TenantConfiguration implements WebMvcConfigurer {

  private final TenantDirectory directory;
  private final Members members;

  // sundae.tenants: configured outside Kubernetes (local runs, tests); in Kubernetes the one tenant
  // of the operator's variables and Secret (tenant-from-kubernetes.yaml, imported by
  // application.yaml)
  TenantConfiguration(ChatProperties properties, @Lazy Members members) {
    this.directory = new TenantDirectory(properties.tenants());
    this.members = members;
  }

  @Bean
  TenantDirectory tenantDirectory() {
    return directory;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerResolver(directory, members));
  }
}
