package dev.sundae.chat.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/** The measurements, done the same way on the chat service and on the baseline. */
final class Measure {

  /** How long one message may take to reach every recipient before it counts as missing. */
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(10);

  private Measure() {}

  /** Sends one message; starts its clock with {@link Deliveries#expect} just before sending. */
  interface Sender {
    Deliveries.Pending send(String id, Samples latencies) throws Exception;
  }

  /**
   * @param latency from the send to each recipient's receipt
   * @param missing receipts that did not come within ten seconds
   * @param cpuMsPerMessage CPU time the server used per message, its JIT compiler threads'
   *     excluded: on a shared machine the latency says how long a message waited for a core as much
   *     as what it cost
   * @param jitMsPerMessage CPU time of its JIT compiler threads meanwhile, per message
   */
  record FanOut(
      Samples.Summary latency, long missing, double cpuMsPerMessage, double jitMsPerMessage) {}

  /**
   * Up to {@code count} messages one after another for at most {@code limit}, each awaited at every
   * recipient.
   */
  static FanOut fanOut(
      String phase,
      int count,
      Duration limit,
      int recipients,
      Sender sender,
      Deliveries deliveries,
      ServerJvm server)
      throws Exception {
    Samples latencies = new Samples(Math.min(count * recipients, 2_000_000));
    long missing = 0;
    CpuTime cpu = server.cpu();
    long end = System.nanoTime() + limit.toNanos();
    int sent = 0;
    while (sent < count && System.nanoTime() < end) {
      String id = phase + "-" + sent++;
      sender.send(id, latencies).await(DELIVERY_WAIT);
      missing += deliveries.forget(id);
    }
    CpuTime used = server.cpu().since(cpu);
    int messages = Math.max(1, sent);
    return new FanOut(
        latencies.summary(),
        missing,
        used.restNanos() / 1e6 / messages,
        used.compilerNanos() / 1e6 / messages);
  }

  /**
   * @param posters threads posting
   * @param posts messages posted
   * @param errors posts that failed
   * @param seconds from the first post to the last answer
   * @param expected receipts expected (posts times recipients)
   * @param missing receipts that did not come
   * @param latency from each post to each receipt
   * @param cpu CPU time the server used
   * @param firstError the first failure, or null
   */
  record Throughput(
      int posters,
      long posts,
      long errors,
      double seconds,
      long expected,
      long missing,
      Samples.Summary latency,
      CpuTime cpu,
      String firstError) {
    double perSecond() {
      return posts / seconds;
    }

    /** CPU per post, the JIT compiler threads excluded. */
    double cpuMsPerPost() {
      return posts == 0 ? 0 : cpu.restNanos() / 1e6 / posts;
    }

    /** Cores the server used, the JIT compiler threads included. */
    double cores() {
      return cpu.totalNanos() / 1e9 / seconds;
    }
  }

  /**
   * {@code posters} threads, each posting (ids {@code <phase><poster>-<n>}, unique per phase)
   * without waiting for the deliveries, until {@code maxPosts} or {@code limit}; then waits
   * (bounded) for the deliveries still on their way.
   */
  static Throughput throughput(
      String phase,
      int posters,
      int maxPosts,
      Duration limit,
      int recipients,
      IntFunction<Sender> senderOf,
      Deliveries deliveries,
      ServerJvm server)
      throws InterruptedException {
    Samples latencies = new Samples(maxPosts * recipients);
    AtomicLong started = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    CpuTime cpu = server.cpu();
    long start = System.nanoTime();
    long end = start + limit.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < posters; p++) {
      Sender sender = senderOf.apply(p);
      String prefix = phase + p + "-";
      Thread thread =
          new Thread(
              () -> {
                long n;
                while (System.nanoTime() < end && (n = started.incrementAndGet()) <= maxPosts) {
                  String id = prefix + n;
                  try {
                    sender.send(id, latencies);
                    ids.add(id);
                    done.incrementAndGet();
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                  }
                }
              },
              "poster-" + p);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(limit.plusSeconds(60).toMillis());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    CpuTime used = server.cpu().since(cpu);
    // the receiving devices may lag behind the posters: they get as long again as the posting
    long waitUntil = System.nanoTime() + limit.plus(DELIVERY_WAIT).toNanos();
    long missing = 0;
    for (String id : ids) {
      while (deliveries.pendingFor(id) > 0 && System.nanoTime() < waitUntil) {
        Sockets.sleep(Duration.ofMillis(10));
      }
      missing += deliveries.forget(id);
    }
    return new Throughput(
        posters,
        done.get(),
        errors.get(),
        seconds,
        done.get() * recipients,
        missing,
        latencies.summary(),
        used,
        firstError.get());
  }

  /**
   * @param asked connections asked for
   * @param opened handshakes that succeeded
   * @param connectSeconds time to open them
   * @param stillOpen open after the hold
   * @param serverCount what the server counts, -1 when it does not tell
   * @param holdSeconds the hold
   * @param pings pings the clients received during the hold
   * @param before the server before the connections
   * @param with the server with the connections open, after the hold
   * @param closeCodes close codes received, by code
   * @param failed handshakes that failed
   * @param firstFailure the first failure, or null
   */
  record Held(
      int asked,
      int opened,
      double connectSeconds,
      int stillOpen,
      int serverCount,
      long holdSeconds,
      long pings,
      ProcessMemory before,
      ProcessMemory with,
      Map<Integer, Integer> closeCodes,
      int failed,
      String firstFailure) {

    double heapKbPerConnection() {
      return stillOpen == 0 ? 0 : (double) (with.heapUsedKb() - before.heapUsedKb()) / stillOpen;
    }

    double rssKbPerConnection() {
      return stillOpen == 0 ? 0 : (double) (with.rssKb() - before.rssKb()) / stillOpen;
    }
  }

  /** Opens {@code count} connections, holds them for {@code hold}, and measures the server. */
  static Held hold(
      ServerJvm server,
      int count,
      IntFunction<Sockets.Target> target,
      Duration hold,
      IntSupplier serverCount)
      throws InterruptedException {
    ProcessMemory before = server.memory();
    System.out.printf("  before: %s%n", before);
    try (Sockets sockets = new Sockets((text, at) -> {})) {
      long start = System.nanoTime();
      int opened = sockets.open(count, target, 64, Duration.ofMinutes(8)).size();
      double connectSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "  %,d of %,d open in %.1f s (%d failed: %s); holding for %d s%n",
          opened,
          count,
          connectSeconds,
          sockets.failed(),
          sockets.firstFailure(),
          hold.toSeconds());
      long pings = sockets.pings();
      Sockets.sleep(hold);
      int stillOpen = sockets.stillOpen();
      pings = sockets.pings() - pings;
      int counted = serverCount.getAsInt();
      ProcessMemory with = server.memory();
      System.out.printf(
          "  with them: %s; still open %,d, server counts %d%n", with, stillOpen, counted);
      return new Held(
          count,
          opened,
          connectSeconds,
          stillOpen,
          counted,
          hold.toSeconds(),
          pings,
          before,
          with,
          sockets.closeCodes(),
          sockets.failed(),
          sockets.firstFailure());
    }
  }
}
