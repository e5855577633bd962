package dev.sundae.e2e.bench;

import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import dev.sundae.testing.bench.BenchRow;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * End-to-end latency on a running platform (hack/bench-e2e.sh): for N uploads, the time from the
 * frame's PUT returning to the recommendation's long-poll returning (object-created event, MinIO
 * webhook, bridge, queue, worker: read, decode, forward pass, commit, NOTIFY, gateway).
 *
 * <p>Baselines, measured in the same run, interleaved with the uploads so that they share the
 * machine's load: the bare PUT to the object store (the upload itself), an SQS send + long-poll
 * receive round trip on a queue of its own (one hop of the pipeline), and a GET of a finished
 * recommendation (the gateway's read path: token check, query). Their sum is a floor no pipeline
 * with those hops can beat; the ratio says how far above it the platform is.
 */
public final class LatencyBenchmark {

  /** Upload complete to recommendation visible, at the 99th percentile (issue 14). */
  private static final int TARGET_P99_MS = 100;

  public static void main(String[] args) throws Exception {
    int uploads = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Platform platform = Platform.get();
    Gateway gateway = platform.gateway();
    List<String> tenants = platform.tenantNames();
    List<String> tokens = tenants.stream().map(platform::token).toList();

    try (SqsClient sqs = platform.sqs()) {
      String queue = sqs.createQueue(r -> r.queueName("sundae-bench-round-trip")).queueUrl();
      sqs.purgeQueue(r -> r.queueUrl(queue));
      long[] endToEnd = new long[uploads];
      long[] put = new long[uploads];
      long[] roundTrip = new long[uploads];
      long[] read = new long[uploads];
      int misses = 0;
      System.out.printf(
          "[bench] %d uploads (after %d warm-up) over tenants %s against %s%n",
          uploads, warmup, tenants, platform.value("gateway.url"));
      for (int i = -warmup; i < uploads; i++) {
        int t = Math.floorMod(i, tenants.size());
        String token = tokens.get(t);
        byte[] frame = Frames.jpeg(Frames.PINK, i);
        Gateway.Upload upload = gateway.requestUpload(token, "image/jpeg", frame.length);
        long start = System.nanoTime();
        int putStatus = gateway.put(upload, frame).status();
        long uploaded = System.nanoTime();
        Gateway.Response result = gateway.recommendation(token, upload.requestId(), 10_000);
        long visible = System.nanoTime();
        if (putStatus != 200 || result.status() != 200) {
          throw new IllegalStateException(
              "upload " + i + ": PUT " + putStatus + ", GET " + result.status() + " " + result);
        }
        long readStart = System.nanoTime();
        if (gateway.recommendation(token, upload.requestId(), 0).status() != 200) {
          misses++;
        }
        long readEnd = System.nanoTime();
        String body = UUID.randomUUID().toString();
        long sendStart = System.nanoTime();
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
        var received =
            sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5).maxNumberOfMessages(1));
        long receiveEnd = System.nanoTime();
        if (received.messages().isEmpty() || !received.messages().get(0).body().equals(body)) {
          throw new IllegalStateException("SQS round trip lost its message");
        }
        sqs.deleteMessage(
            r -> r.queueUrl(queue).receiptHandle(received.messages().get(0).receiptHandle()));
        if (i >= 0) {
          endToEnd[i] = visible - uploaded;
          put[i] = uploaded - start;
          read[i] = readEnd - readStart;
          roundTrip[i] = receiveEnd - sendStart;
        }
        if (i >= 0 && (i + 1) % 100 == 0) {
          System.out.printf("[bench] %d/%d%n", i + 1, uploads);
        }
      }
      sqs.deleteQueue(r -> r.queueUrl(queue));
      if (misses > 0) {
        throw new IllegalStateException(misses + " finished recommendations not readable");
      }
      double floorP50 = p(roundTrip, 50) + p(read, 50);
      double floorP99 = p(roundTrip, 99) + p(read, 99);
      System.out.println();
      System.out.println("| measured (ms) | p50 | p99 | max |");
      System.out.println("|---|---|---|---|");
      row("upload complete -> recommendation visible", endToEnd);
      row("baseline: bare PUT of the frame to MinIO", put);
      row("baseline: SQS send + receive round trip", roundTrip);
      row("baseline: GET of a finished recommendation", read);
      System.out.printf(
          Locale.ROOT,
          "%nfloor (SQS round trip + gateway read): p50 %.1f ms, p99 %.1f ms%n",
          floorP50,
          floorP99);
      // issue 14's target: p99 <= 100 ms, and within 1.2x of the floor measured in this run
      boolean met = p(endToEnd, 99) <= TARGET_P99_MS && p(endToEnd, 99) <= 1.2 * floorP99;
      System.out.printf(
          Locale.ROOT,
          "end to end / floor: p50 %.1fx, p99 %.1fx; target p99 <= %d ms and <= 1.2x: %s%n",
          p(endToEnd, 50) / floorP50,
          p(endToEnd, 99) / floorP99,
          TARGET_P99_MS,
          met ? "met" : "NOT met");
      String name = "upload to recommendation";
      new BenchRow(
              name,
              "p50 ms (baseline: SQS round trip + GET of a recommendation)",
              p(endToEnd, 50),
              floorP50,
              "",
              false)
          .print();
      new BenchRow(
              name,
              "p99 ms (baseline: the same floor)",
              p(endToEnd, 99),
              floorP99,
              "<= " + TARGET_P99_MS + " ms and <= 1.2x",
              met)
          .print();
      System.out.printf(
          Locale.ROOT,
          "load average (1 min) at the end: %.2f on %d cores%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    }
    platform.kubernetes().close();
  }

  private static void row(String name, long[] nanos) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f |%n",
        name,
        p(nanos, 50),
        p(nanos, 99),
        Arrays.stream(nanos).max().orElse(0) / 1e6);
  }

  /** The percentile in milliseconds (nearest rank). */
  static double p(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private LatencyBenchmark() {}
}
