package dev.sundae.chat.bench;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The baseline: the least a WebSocket server does to broadcast. Embedded Tomcat (the chat service's
 * server, same version and connector), one Jakarta WebSocket endpoint {@code /broadcast} that sends
 * each text frame it receives to every open session; no tokens, no JSON, no database, no Spring.
 * Runs in its own JVM, started by {@link ChatBenchmark}: {@code BroadcastServer <port>}.
 */
public final class BroadcastServer {

  private BroadcastServer() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("sundae-broadcast-");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(Integer.parseInt(args[0]));
    connector.setProperty("address", "127.0.0.1");
    // as the chat service's server.tomcat.max-connections
    connector.setProperty("maxConnections", "20000");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    context.addServletContainerInitializer(
        (classes, servletContext) -> {
          ServerContainer container =
              (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
          try {
            container.addEndpoint(
                ServerEndpointConfig.Builder.create(Broadcast.class, "/broadcast").build());
          } catch (DeploymentException e) {
            throw new ServletException(e);
          }
        },
        null);
    // the default servlet: without one no request reaches the filter that upgrades to WebSocket
    Tomcat.addServlet(context, "ready", new Ready());
    context.addServletMappingDecoded("/", "ready");
    tomcat.start();
    tomcat.getServer().await();
  }

  /** Every text frame to every session. */
  public static final class Broadcast extends Endpoint {
    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      SESSIONS.add(session);
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) Broadcast::toAll);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      SESSIONS.remove(session);
    }

    @Override
    public void onError(Session session, Throwable error) {
      SESSIONS.remove(session);
    }

    private static void toAll(String text) {
      for (Session session : SESSIONS) {
        // a blocking send per session, one sender at a time, as the chat's session decorator does
        synchronized (session) {
          try {
            session.getBasicRemote().sendText(text);
          } catch (IOException | IllegalStateException e) {
            SESSIONS.remove(session);
          }
        }
      }
    }
  }

  private static final class Ready extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.getWriter().write("ok");
    }
  }
}
