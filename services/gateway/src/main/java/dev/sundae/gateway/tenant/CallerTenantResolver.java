package dev.sundae.gateway.tenant;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands controllers the caller's tenant as a {@link TenantConfig} parameter. The tenant is the one
 * whose issuer signed the caller's token (checked against that issuer's keys before this runs), so
 * no request parameter or header can choose another tenant.
 */
final class CallerTenantResolver implements HandlerMethodArgumentResolver {

  private final TenantDirectory directory;

  CallerTenantResolver(TenantDirectory directory) {
    this.directory = directory;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == TenantConfig.class;
  }

  @Override
  public TenantConfig resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (!(authentication instanceof JwtAuthenticationToken token)) {
      throw new InsufficientAuthenticationException(
          "A bearer token of a tenant's issuer is required");
    }
    String issuer = token.getToken().getClaimAsString("iss");
    return directory
        .byIssuer(issuer)
        .orElseThrow(
            () -> new InsufficientAuthenticationException("No tenant trusts issuer " + issuer));
  }
}
