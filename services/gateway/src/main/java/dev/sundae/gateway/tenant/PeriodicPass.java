package dev.sundae.gateway.tenant;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Work the gateway does over its tenants on a timer (the upload sweep, the analytics export): one
 * thread of its own, a pass every {@code interval} after the previous one ended, started with the
 * application unless disabled, stopped with it.
 */
public abstract class PeriodicPass implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);

  private final String name;
  private final boolean enabled;
  private final Duration interval;
  private volatile ScheduledExecutorService timer;

  protected PeriodicPass(String name, boolean enabled, Duration interval) {
    this.name = name;
    this.enabled = enabled;
    this.interval = interval;
  }

  /** One pass over the tenants. */
  protected abstract void pass();

  /** Releases what the passes hold (clients), after the timer stopped. */
  protected void release() {}

  /** Every pass, caught: an exception escaping would end the executor's schedule for good. */
  private void guardedPass() {
    try {
      pass();
    } catch (RuntimeException | Error e) {
      LOG.error("{} pass failed", name, e);
    }
  }

  @Override
  public boolean isAutoStartup() {
    return enabled;
  }

  @Override
  public void start() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory(name + "-"));
    long every = interval.toMillis();
    executor.scheduleWithFixedDelay(this::guardedPass, every, every, TimeUnit.MILLISECONDS);
    timer = executor;
  }

  @Override
  public void stop() {
    ScheduledExecutorService executor = timer;
    timer = null;
    if (executor != null) {
      executor.shutdownNow();
    }
    release();
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
