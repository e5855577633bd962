package dev.sundae.chat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The single background timer each periodic job of the service runs on (heartbeats, presence,
 * export, retention): one named daemon thread, so that a job never keeps the JVM from exiting.
 */
public final class DaemonTimer {

  private DaemonTimer() {}

  public static ScheduledExecutorService named(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
