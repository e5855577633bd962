package dev.sundae.web.apps;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.security.TenantApiSecurity;
import dev.sundae.web.storage.TenantPresigners;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.resource.EncodedResourceResolver;

/**
 * Serves Sundae's web apps: static files, open to all (the apps sign in themselves; the API they
 * call checks each request), each page with a Content-Security-Policy that allows nothing the app
 * does not need. Scripts and styles come from the service's own origin only (no inline code, no
 * {@code eval}); the app may connect to its own origin, to the tenants' issuers (to sign in) and to
 * the object store's origin of the tenants' signed URLs (uploads, voice messages), and to nothing
 * else. Hashed assets are cached for a year, pages are revalidated; files are served gzip- or
 * brotli-compressed when the build made such a copy and the browser takes it.
 */
public final class AppPages {

  private static final Duration SIGNED_URL_PROBE = Duration.ofMinutes(1);

  private AppPages() {}

  /**
   * The filter chain of {@code /apps/**}: GET and HEAD of the apps' files, no credentials taken,
   * the policy headers on every answer. Give it a higher precedence than the API's chain.
   */
  public static SecurityFilterChain chain(
      HttpSecurity http, TenantDirectory tenants, TenantPresigners presigners, List<App> apps)
      throws Exception {
    // the header goes on every file of an app: sign a probe URL once per store, not per request
    Map<TenantConfig.Storage, Optional<String>> origins = new ConcurrentHashMap<>();
    Function<TenantConfig, Optional<String>> storageOrigins =
        tenant ->
            origins.computeIfAbsent(
                tenant.storage(),
                storage -> origin(presigners.get(tenant, "csp-probe", SIGNED_URL_PROBE).url()));
    return TenantApiSecurity.stateless(http.securityMatcher("/apps/**"))
        .authorizeHttpRequests(
            requests -> {
              for (App app : apps) {
                requests
                    .requestMatchers(
                        HttpMethod.GET, app.path() + "**", app.path().replaceAll("/$", ""))
                    .permitAll()
                    .requestMatchers(HttpMethod.HEAD, app.path() + "**")
                    .permitAll();
              }
              requests.anyRequest().denyAll();
            })
        .headers(
            headers ->
                headers
                    // the resource handler says what may be cached
                    .cacheControl(cache -> cache.disable())
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .addHeaderWriter(
                        (request, response) ->
                            appOf(request.getRequestURI(), apps)
                                .ifPresent(
                                    app -> {
                                      response.setHeader(
                                          "Content-Security-Policy",
                                          policy(app, tenants.all(), storageOrigins));
                                      response.setHeader("Permissions-Policy", app.permissions());
                                      response.setHeader(
                                          "Cross-Origin-Opener-Policy", "same-origin");
                                    })))
        .build();
  }

  /** The apps' files: {@code /apps/<app>/} is its {@code index.html}. */
  public static void resources(ResourceHandlerRegistry registry, List<App> apps) {
    for (App app : apps) {
      registry
          .addResourceHandler(app.path() + "assets/**")
          .addResourceLocations(app.location() + "assets/")
          .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
          .resourceChain(true)
          .addResolver(new EncodedResourceResolver());
      registry
          .addResourceHandler(app.path() + "**")
          .addResourceLocations(app.location())
          .setCacheControl(CacheControl.noCache())
          .resourceChain(true)
          .addResolver(new EncodedResourceResolver());
    }
  }

  /** {@code /apps/<app>} and {@code /apps/<app>/} lead to its page. */
  public static void views(ViewControllerRegistry registry, List<App> apps) {
    for (App app : apps) {
      registry.addRedirectViewController(app.path().replaceAll("/$", ""), app.path());
      registry.addViewController(app.path()).setViewName("forward:" + app.path() + "index.html");
    }
  }

  /**
   * The Content-Security-Policy of {@code app}'s pages while the service serves {@code tenants}.
   */
  static String policy(
      App app,
      Collection<TenantConfig> tenants,
      Function<TenantConfig, Optional<String>> storageOrigins) {
    TreeSet<String> issuers = new TreeSet<>();
    TreeSet<String> storage = new TreeSet<>();
    for (TenantConfig tenant : tenants) {
      origin(tenant.issuer()).ifPresent(issuers::add);
      if (tenant.storage() != null) {
        storageOrigins.apply(tenant).ifPresent(storage::add);
      }
    }
    String connect = "'self' " + String.join(" ", issuers);
    String media = "'self' blob:";
    if (app != App.DASHBOARD) {
      connect += " " + String.join(" ", storage);
    }
    if (app == App.COMMUNITY) {
      media += " " + String.join(" ", storage);
    }
    return String.join(
        "; ",
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "media-src " + media.trim(),
        "connect-src " + connect.trim(),
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'");
  }

  private static Optional<App> appOf(String uri, List<App> apps) {
    return apps.stream().filter(app -> (uri + "/").startsWith(app.path())).findFirst();
  }

  /** {@code scheme://host[:port]} of a URL, or empty when it has none. */
  static Optional<String> origin(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      return Optional.of(
          uri.getScheme().toLowerCase()
              + "://"
              + uri.getHost().toLowerCase()
              + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
