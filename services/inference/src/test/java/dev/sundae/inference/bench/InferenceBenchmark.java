package dev.sundae.inference.bench;

import dev.sundae.inference.Frames;
import dev.sundae.inference.frame.FrameBatch;
import dev.sundae.inference.frame.FrameDecoder;
import dev.sundae.inference.model.Catalogue;
import dev.sundae.inference.model.DjlEngine;
import dev.sundae.inference.model.FlavourModel;
import dev.sundae.inference.model.ModelFiles;
import dev.sundae.inference.model.ModelSources;
import dev.sundae.testing.bench.BenchRow;
import java.awt.Color;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The inference performance figures, measured as ratios in one run: the bare forward pass of the
 * reference model against the worker's whole per-frame path (decode the JPEG, resize, normalise,
 * forward, top 3), at batch 1 and batch 8. Not a test: run it on demand.
 *
 * <pre>./mvnw -B -pl services/inference -am -Pbench -DskipTests package</pre>
 *
 * System properties (Maven passes them on): bench.threads (intra-op, 0 = one per core),
 * bench.rounds, bench.iterations, bench.size (frame edge in pixels, default 224).
 */
public final class InferenceBenchmark {

  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int ITERATIONS = Integer.getInteger("bench.iterations", 400);
  private static final int FRAME = Integer.getInteger("bench.size", FrameBatch.SIZE);

  private final FlavourModel model;
  private final Catalogue catalogue;
  private final FrameDecoder decoder = new FrameDecoder();
  private final List<byte[]> jpegs = new ArrayList<>();
  private int next;

  private InferenceBenchmark(FlavourModel model) {
    this.model = model;
    this.catalogue = Catalogue.of(model.labels(), model.labels());
    Random random = new Random(42);
    for (int i = 0; i < 64; i++) {
      Color colour = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
      jpegs.add(Frames.encode(Frames.image(colour, FRAME, FRAME, i), "jpeg"));
    }
  }

  public static void main(String[] args) throws Exception {
    int configured = Integer.getInteger("bench.threads", 0);
    int threads = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    DjlEngine.start(threads, 1);
    Path dir = Files.createTempDirectory("sundae-bench-");
    ModelFiles files = ModelSources.of(ModelSources.REFERENCE, null).fetch(dir);
    try (FlavourModel model = FlavourModel.load(files, "reference")) {
      new InferenceBenchmark(model).run(threads);
    }
  }

  private void run(int threads) throws Exception {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    FrameBatch one = filled(1);
    FrameBatch eight = filled(8);
    Scenario forward1 = new Scenario("forward, batch 1", 1, () -> model.scores(one));
    Scenario forward8 = new Scenario("forward, batch 8", 8, () -> model.scores(eight));
    Scenario worker1 = new Scenario("worker path, batch 1", 1, () -> workerPath(one));
    Scenario worker8 = new Scenario("worker path, batch 8", 8, () -> workerPath(eight));
    List<Scenario> all = List.of(forward1, worker1, forward8, worker8);
    for (Scenario s : all) {
      s.measure(ITERATIONS / 2, false); // JIT, engine and allocator warm-up
    }
    for (int round = 0; round < ROUNDS; round++) { // interleaved, so drift hits all alike
      for (Scenario s : all) {
        s.measure(ITERATIONS, true);
      }
    }

    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(
        "%nReference model, %dx%d JPEG frames, %d intra-op threads, %d cores, %s%n",
        FRAME, FRAME, threads, Runtime.getRuntime().availableProcessors(), model.version());
    // other processes on the machine skew every figure; say how busy it was
    System.out.printf(
        "Load average before %.2f, after %.2f; OMP_WAIT_POLICY=%s%n",
        loadBefore, loadAfter, System.getenv("OMP_WAIT_POLICY"));
    System.out.printf(
        "%-24s %12s %12s %12s %12s%n",
        "", "p50 ms/call", "p99 ms/call", "p50 ms/frame", "frames/s");
    for (Scenario s : all) {
      System.out.printf(
          "%-24s %12.3f %12.3f %12.3f %12.0f%n",
          s.name, s.percentile(50), s.percentile(99), s.percentile(50) / s.frames, s.throughput());
    }
    System.out.printf("%nRatios (targets in brackets):%n");
    System.out.printf(
        "  forward p50 per frame at batch 1      %6.2f ms   (<= 5 ms)%n", forward1.percentile(50));
    System.out.printf(
        "  worker overhead per frame, batch 1    %6.2f ms%n",
        worker1.percentile(50) - forward1.percentile(50));
    System.out.printf(
        "  worker overhead per frame, batch 8    %6.2f ms%n",
        (worker8.percentile(50) - forward8.percentile(50)) / 8);
    System.out.printf(
        "  worker / forward, batch 1 (p50)       %6.2f x    (<= 1.3x)%n",
        worker1.percentile(50) / forward1.percentile(50));
    System.out.printf(
        "  worker / forward, batch 8 (p50)       %6.2f x    (<= 1.3x)%n",
        worker8.percentile(50) / forward8.percentile(50));
    System.out.printf(
        "  forward throughput, batch 8 / batch 1 %6.2f x    (>= 2x)%n",
        forward8.throughput() / forward1.throughput());
    System.out.printf(
        "  worker throughput, batch 8 / batch 1  %6.2f x    (>= 2x)%n",
        worker8.throughput() / worker1.throughput());
    String name = "model and worker";
    new BenchRow(
            name,
            "forward pass p50 ms per frame, batch 1",
            forward1.percentile(50),
            Double.NaN,
            "<= 5 ms",
            forward1.percentile(50) <= 5)
        .print();
    new BenchRow(
            name,
            "worker path p50 ms per frame, batch 1 (baseline: forward pass)",
            worker1.percentile(50),
            forward1.percentile(50),
            "<= 1.3x",
            worker1.percentile(50) / forward1.percentile(50) <= 1.3)
        .print();
    new BenchRow(
            name,
            "forward frames/s, batch 8 (baseline: batch 1)",
            forward8.throughput(),
            forward1.throughput(),
            ">= 2x",
            forward8.throughput() / forward1.throughput() >= 2)
        .print();
  }

  private Object workerPath(FrameBatch batch) throws Exception {
    int frames = batch.size();
    batch.clear();
    for (int i = 0; i < frames; i++) {
      batch.add(decoder.decode(jpegs.get(next++ % jpegs.size())));
    }
    float[][] scores = model.scores(batch);
    Object last = null;
    for (float[] row : scores) {
      last = catalogue.top(row, 3);
    }
    return last;
  }

  private FrameBatch filled(int size) throws Exception {
    FrameBatch batch = new FrameBatch(size);
    for (int i = 0; i < size; i++) {
      batch.add(decoder.decode(jpegs.get(i)));
    }
    return batch;
  }

  private interface Work {
    Object run() throws Exception;
  }

  private static final class Scenario {
    final String name;
    final int frames;
    final Work work;
    final List<Long> nanos = new ArrayList<>();
    long totalNanos;
    Object sink;

    Scenario(String name, int frames, Work work) {
      this.name = name;
      this.frames = frames;
      this.work = work;
    }

    void measure(int iterations, boolean record) throws Exception {
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        sink = work.run();
        long took = System.nanoTime() - start;
        if (record) {
          nanos.add(took);
          totalNanos += took;
        }
      }
    }

    double percentile(int p) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    double throughput() {
      return frames * nanos.size() / (totalNanos / 1e9);
    }
  }
}
