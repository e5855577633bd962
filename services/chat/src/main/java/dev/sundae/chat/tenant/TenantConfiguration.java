package dev.sundae.chat.tenant;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.member.Members;
import dev.sundae.tenancy.TenantDirectory;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class TenantConfiguration implements WebMvcConfigurer {

  private final TenantDirectory directory;
  private final Members members;

  TenantConfiguration(ChatProperties properties, Environment env, @Lazy Members members) {
    // sundae.tenants when configured (local runs, tests); else the operator's variables
    this.directory =
        new TenantDirectory(
            properties.tenants().isEmpty()
                ? OperatorTenant.from(env).map(List::of).orElse(List.of())
                : properties.tenants());
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
