package dev.sundae.chat.bench;

import dev.sundae.testing.bench.BenchRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark's figures, chat against baseline, as a Markdown table. */
final class Report {

  private Report() {}

  static void print(
      ChatBenchmark.Settings settings, ChatBenchmark.Result chat, ChatBenchmark.Result base) {
    Measure.Held c = chat.held();
    Measure.Held b = base.held();
    Measure.Throughput t = chat.throughput();
    int n = settings.members();
    System.out.printf(
        "%n%d connections held %d s (chat heartbeat %d s); fan-out to %d devices, %d messages after"
            + " %d s of warm-up, frames of %d chars; server JVMs: %s; %d cores%n%n",
        settings.connections(),
        settings.hold().toSeconds(),
        settings.heartbeat().toSeconds(),
        n,
        settings.messages(),
        settings.warmUp().toSeconds(),
        chat.frameLength(),
        String.join(" ", settings.heap()),
        Runtime.getRuntime().availableProcessors());
    System.out.println("| | chat | baseline | chat / baseline |");
    System.out.println("|---|---|---|---|");
    row(
        "connections open after the hold (of " + settings.connections() + ")",
        count(c.stillOpen())
            + (c.serverCount() >= 0 ? " (server: " + count(c.serverCount()) + ")" : ""),
        count(b.stillOpen()),
        "");
    row(
        "handshakes failed; close codes",
        c.failed() + "; " + c.closeCodes(),
        b.failed() + "; " + b.closeCodes(),
        "");
    row(
        "time to open them",
        String.format("%.1f s", c.connectSeconds()),
        String.format("%.1f s", b.connectSeconds()),
        ratio(c.connectSeconds(), b.connectSeconds()));
    row("pings received during the hold", count(c.pings()), count(b.pings()) + " (sends none)", "");
    row(
        "heap after GC, before → with them",
        mb(c.before().heapUsedKb(), c.with().heapUsedKb()),
        mb(b.before().heapUsedKb(), b.with().heapUsedKb()),
        "");
    row(
        "**heap per connection**",
        kb(c.heapKbPerConnection()),
        kb(b.heapKbPerConnection()),
        ratio(c.heapKbPerConnection(), b.heapKbPerConnection()));
    row(
        "RSS, before → with them",
        mb(c.before().rssKb(), c.with().rssKb()),
        mb(b.before().rssKb(), b.with().rssKb()),
        "");
    row(
        "**RSS per connection**",
        kb(c.rssKbPerConnection()),
        kb(b.rssKbPerConnection()),
        ratio(c.rssKbPerConnection(), b.rssKbPerConnection()));
    row(
        "threads, before → with them",
        c.before().threads() + " → " + c.with().threads(),
        b.before().threads() + " → " + b.with().threads(),
        "");
    Samples.Summary cf = chat.fanOut().latency();
    Samples.Summary bf = base.fanOut().latency();
    row(
        "**fan-out to " + n + ", p50**",
        ms(cf.p50Ms()),
        ms(bf.p50Ms()),
        ratio(cf.p50Ms(), bf.p50Ms()));
    row(
        "**fan-out to " + n + ", p99**",
        ms(cf.p99Ms()),
        ms(bf.p99Ms()),
        ratio(cf.p99Ms(), bf.p99Ms()));
    row("fan-out to " + n + ", max", ms(cf.maxMs()), ms(bf.maxMs()), ratio(cf.maxMs(), bf.maxMs()));
    row(
        "receipts measured; missing",
        count(cf.count()) + "; " + chat.fanOut().missing(),
        count(bf.count()) + "; " + base.fanOut().missing(),
        "");
    row(
        "server CPU per message, JIT compiler threads excluded",
        ms(chat.fanOut().cpuMsPerMessage()),
        ms(base.fanOut().cpuMsPerMessage()),
        ratio(chat.fanOut().cpuMsPerMessage(), base.fanOut().cpuMsPerMessage()));
    row(
        "its JIT compiler threads meanwhile, per message",
        ms(chat.fanOut().jitMsPerMessage()),
        ms(base.fanOut().jitMsPerMessage()),
        "");
    Samples.Summary post = chat.post();
    row(
        "POST of a message: p50 / p99 / max",
        ms(post.p50Ms()) + " / " + ms(post.p99Ms()) + " / " + ms(post.maxMs()),
        "—",
        "");
    row(
        "**messages/s**, " + t.posters() + " posters (signed upload, PUT, POST), fan-out to " + n,
        String.format(
            "%,.0f (%,d in %.1f s, %d errors)", t.perSecond(), t.posts(), t.seconds(), t.errors()),
        "—",
        "");
    row(
        "receipts/s at that rate; missing",
        String.format(
            "%,.0f; %,d of %,d",
            (t.expected() - t.missing()) / t.seconds(), t.missing(), t.expected()),
        "—",
        "");
    row(
        "fan-out at that rate: p50 / p99",
        ms(t.latency().p50Ms()) + " / " + ms(t.latency().p99Ms()),
        "—",
        "");
    ChatBenchmark.Devices after = chat.devicesAfterRate();
    row(
        "devices open after it (of " + n + "); close codes; events the service dropped",
        after.open() + "; " + after.closeCodes() + "; " + after.dropped(),
        "—",
        "");
    row(
        "chat CPU at that rate: cores (JIT included); per post (JIT excluded)",
        String.format("%.2f; %s", t.cores(), ms(t.cpuMsPerPost())),
        "—",
        "");
    System.out.println();
    System.out.printf(
        "targets: %,d connections held: %s; fan-out p99 <= 50 ms: %s (%.2f ms)%n",
        settings.connections(),
        c.stillOpen() >= settings.connections() ? "met" : "NOT met",
        cf.p99Ms() <= 50 ? "met" : "NOT met",
        cf.p99Ms());
    System.out.println("load average at the end (1, 5, 15 min): " + loadAverage());
    new BenchRow(
            "chat",
            "connections held",
            c.stillOpen(),
            Double.NaN,
            String.format(java.util.Locale.ROOT, ">= %d", settings.connections()),
            c.stillOpen() >= settings.connections())
        .print();
    new BenchRow(
            "chat",
            "fan-out p99 ms to " + n + " (baseline: bare broadcast)",
            cf.p99Ms(),
            bf.p99Ms(),
            "<= 50 ms",
            cf.p99Ms() <= 50)
        .print();
    // issue 14's targets: CPU per fanned-out message within 2x the bare broadcast's, and 1,000
    // messages a second posted (each with its signed upload and PUT) with fan-out to the devices
    double cpuRatio = chat.fanOut().cpuMsPerMessage() / base.fanOut().cpuMsPerMessage();
    new BenchRow(
            "chat",
            "server CPU ms per message (baseline: bare broadcast)",
            chat.fanOut().cpuMsPerMessage(),
            base.fanOut().cpuMsPerMessage(),
            "<= 2x",
            cpuRatio <= 2)
        .print();
    new BenchRow(
            "chat",
            "messages/s posted, " + t.posters() + " posters, fan-out to " + n,
            t.perSecond(),
            Double.NaN,
            ">= 1,000/s",
            t.perSecond() >= 1_000)
        .print();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static void row(String what, String chat, String base, String ratio) {
    System.out.println("| " + what + " | " + chat + " | " + base + " | " + ratio + " |");
  }

  private static String count(long n) {
    return String.format("%,d", n);
  }

  private static String mb(long beforeKb, long withKb) {
    return String.format("%,.0f → %,.0f MB", beforeKb / 1024.0, withKb / 1024.0);
  }

  private static String kb(double kb) {
    return String.format("%.1f KB", kb);
  }

  private static String ms(double ms) {
    return String.format("%.2f ms", ms);
  }

  private static String ratio(double chat, double base) {
    return base <= 0 ? "—" : String.format("%.2f", chat / base);
  }
}
