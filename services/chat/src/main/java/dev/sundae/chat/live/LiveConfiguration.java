package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import org.apache.tomcat.websocket.server.WsContextListener;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The WebSocket endpoint {@code /v1/live}. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveConfiguration implements WebSocketConfigurer {

  private final LiveHandler handler;
  private final LiveHandshake handshake;

  LiveConfiguration(LiveHandler handler, LiveHandshake handshake) {
    this.handler = handler;
    this.handshake = handshake;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    // apps are not browsers on our origin; the token, not the origin, is what is checked
    registry.addHandler(handler, "/v1/live").addInterceptors(handshake).setAllowedOrigins("*");
  }

  /**
   * Starts Tomcat's WebSocket container, which spring-boot-websocket would do; that module's 4.1.1
   * release is missing from Maven Central, so this service does it itself.
   */
  @Bean
  TomcatContextCustomizer webSocketContainer() {
    return context -> context.addApplicationListener(WsContextListener.class.getName());
  }

  @Bean
  ServletServerContainerFactoryBean webSocketLimits(ChatProperties properties) {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    // apps send small control messages only; the audio never passes through here
    container.setMaxTextMessageBufferSize(8 * 1024);
    container.setMaxBinaryMessageBufferSize(1024);
    container.setMaxSessionIdleTimeout(properties.chat().live().heartbeat().toMillis() * 3);
    return container;
  }
}
