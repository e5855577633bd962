package dev.sundae.chat.live;

import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.Callers;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Lets a connection open only for an admitted member. The token was checked by the security filters
 * on the upgrade request (header, or {@code ?access_token=} for browsers); its expiry is kept so
 * that the connection closes when the token does.
 */
@Component
class LiveHandshake implements HandshakeInterceptor {

  static final String CALLER = "sundae.caller";
  static final String EXPIRES = "sundae.expires";

  private final Callers callers;
  private final Members members;

  LiveHandshake(Callers callers, Members members) {
    this.callers = callers;
    this.members = members;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    Caller caller;
    try {
      caller = callers.of(authentication);
      members.register(caller);
      members.requireAdmitted(caller);
    } catch (RuntimeException e) {
      response.setStatusCode(HttpStatus.FORBIDDEN);
      return false;
    }
    attributes.put(CALLER, caller);
    if (authentication instanceof JwtAuthenticationToken jwt
        && jwt.getToken().getExpiresAt() != null) {
      attributes.put(EXPIRES, jwt.getToken().getExpiresAt());
    }
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
