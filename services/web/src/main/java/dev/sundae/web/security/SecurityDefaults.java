package dev.sundae.web.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** What the gateway's and the chat's Spring Security share besides their filter chains. */
@Configuration(proxyBeanMethods = false)
public class SecurityDefaults {

  /** The default firewall, with a faster check of header values (see AsciiFirstHeaderCheck). */
  @Bean
  WebSecurityCustomizer firewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderValues(new AsciiFirstHeaderCheck());
    return web -> web.httpFirewall(firewall);
  }

  /**
   * No observation of Spring Security's filters, authentications and authorizations: with them its
   * filter chain wraps every filter in an observing decorator per request (seen in JFR of the
   * gateway's UploadBenchmark), for nothing http.server.requests does not already show. The
   * property management.observations.enable.spring.security=false only stops the recording.
   */
  @Bean
  SecurityObservationSettings noSpringSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }
}
