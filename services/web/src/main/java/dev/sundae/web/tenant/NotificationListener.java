package dev.sundae.web.tenant;

import dev.sundae.tenancy.TenantConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's LISTEN on a PostgreSQL channel: a dedicated connection (a pooled one would be handed
 * to other work) and thread, signed in as the tenant's role, reconnecting until closed. A
 * notification sent while nobody listens is lost, so every (re)connect is reported ({@code
 * connected}) for the caller to catch up (the gateway's waiters look in the table again, the chat
 * tells its devices to sync); an idle connection is checked now and then, so a dead one is noticed
 * even when nothing is sent; a payload whose handling fails does not stop the listener.
 */
public final class NotificationListener implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long CHECK_MILLIS = 5_000;
  private static final long RECONNECT_MILLIS = 1_000;

  private final TenantConfig.Database login;
  private final String name;
  private final String channel;
  private final Consumer<String> payloads;
  private final Runnable connected;
  private final Thread thread;
  private volatile boolean running = true;

  private NotificationListener(
      String threadName,
      TenantConfig tenant,
      String name,
      String channel,
      Consumer<String> payloads,
      Runnable connected) {
    this.login = tenant.database();
    this.name = name;
    this.channel = channel;
    this.payloads = payloads;
    this.connected = connected;
    this.thread = new Thread(this, threadName);
    thread.setDaemon(true);
  }

  /**
   * @param threadName the listener thread's name
   * @param name the connection's {@code application_name}, to find it in {@code pg_stat_activity}
   * @param payloads what to do with each notification's payload
   * @param connected what to do after every (re)connect
   */
  public static NotificationListener start(
      String threadName,
      TenantConfig tenant,
      String name,
      String channel,
      Consumer<String> payloads,
      Runnable connected) {
    NotificationListener listener =
        new NotificationListener(threadName, tenant, name, channel, payloads, connected);
    listener.thread.start();
    return listener;
  }

  @Override
  public void run() {
    while (running) {
      Properties properties = new Properties();
      properties.setProperty("user", login.username());
      properties.setProperty("password", login.password());
      properties.setProperty("ApplicationName", name);
      try (Connection connection = DriverManager.getConnection(login.jdbcUrl(), properties);
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + quoted(channel));
        LOG.info("Listening on {} as {}", channel, login.username());
        receive(connected);
        PGConnection pg = connection.unwrap(PGConnection.class);
        long checked = System.nanoTime();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            for (PGNotification notification : notifications) {
              receive(() -> payloads.accept(notification.getParameter()));
            }
          } else if (System.nanoTime() - checked > CHECK_MILLIS * 1_000_000) {
            statement.execute("SELECT 1");
            checked = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.warn("Listening on {} as {} failed: {}", channel, login.username(), e.getMessage());
          sleep(RECONNECT_MILLIS);
        }
      }
    }
  }

  // one event that fails (a query, a closed device) must not stop the listener
  private void receive(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("Channel {}: handling a notification failed: {}", channel, e.toString());
    }
  }

  /** {@code identifier} quoted for SQL, as LISTEN needs a channel name. */
  public static String quoted(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
