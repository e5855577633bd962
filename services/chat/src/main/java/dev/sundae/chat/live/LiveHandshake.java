package dev.sundae.chat.live;

import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.Callers;
import dev.sundae.web.Problems;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a connection open only for an admitted member. The token was checked by the security filters
 * on the upgrade request (header, or {@code ?access_token=} for browsers); its expiry is kept so
 * that the connection closes when the token does.
 *
 * <p>A member holds at most {@code max-sockets-per-member} connections, on all the tenant's
 * instances together ({@link SocketLeases}); one more is refused here, before the upgrade, with 429
 * {@code too-many-connections} (before any query when this instance alone holds that many). The new
 * one is refused rather than the oldest closed: a device already connected is never cut off by
 * another (a leaked token or an app in a reconnect loop cannot evict the member's real devices, and
 * two devices over the cap cannot take turns knocking each other off), and the app that opened one
 * too many is the one told so.
 */
@Component
class LiveHandshake implements HandshakeInterceptor {

  static final String CALLER = "sundae.caller";
  static final String EXPIRES = "sundae.expires";
  static final String LEASE = "sundae.lease";

  private final Callers callers;
  private final Members members;
  private final LiveSessions sessions;
  private final SocketLeases leases;
  private final JsonMapper json;

  LiveHandshake(
      Callers callers,
      Members members,
      LiveSessions sessions,
      SocketLeases leases,
      JsonMapper json) {
    this.callers = callers;
    this.members = members;
    this.sessions = sessions;
    this.leases = leases;
    this.json = json;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    Caller caller;
    UUID lease;
    try {
      caller = callers.of(authentication);
      // this instance's own count first: a member over the cap here costs no query
      if (sessions.full(caller)) {
        refuse(response);
        return false;
      }
      members.register(caller);
      members.requireAdmitted(caller);
      Optional<UUID> taken = leases.take(caller);
      if (taken.isEmpty()) {
        refuse(response);
        return false;
      }
      lease = taken.get();
    } catch (RuntimeException e) {
      response.setStatusCode(HttpStatus.FORBIDDEN);
      return false;
    }
    attributes.put(CALLER, caller);
    attributes.put(LEASE, lease);
    if (authentication instanceof JwtAuthenticationToken jwt
        && jwt.getToken().getExpiresAt() != null) {
      attributes.put(EXPIRES, jwt.getToken().getExpiresAt());
    }
    return true;
  }

  private void refuse(ServerHttpResponse response) {
    response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
    if (response instanceof ServletServerHttpResponse servlet) {
      try {
        Problems.write(
            json,
            servlet.getServletResponse(),
            Problems.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-connections",
                "Too many connections",
                "this member holds the most live connections allowed; close one first"));
      } catch (IOException | RuntimeException e) {
        // the status says it; the body is a courtesy
      }
    }
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
