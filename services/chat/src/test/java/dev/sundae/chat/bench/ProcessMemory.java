package dev.sundae.chat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server JVM's memory as its garbage collector and the kernel see it: the heap in use right after
 * a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}), the resident set ({@code
 * VmRSS}) and the thread count of {@code /proc/<pid>/status}.
 *
 * @param heapUsedKb heap in use after a full GC
 * @param rssKb resident set size
 * @param threads the process's threads
 */
record ProcessMemory(long heapUsedKb, long rssKb, int threads) {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  static ProcessMemory of(long pid) {
    // twice: the first collection may leave objects for a cleaner (closed sockets' buffers)
    jcmd(pid, "GC.run");
    jcmd(pid, "GC.run");
    String heap = jcmd(pid, "GC.heap_info");
    Matcher used = HEAP_USED.matcher(heap);
    if (!used.find()) {
      throw new IllegalStateException("no heap use in jcmd GC.heap_info: " + heap);
    }
    List<String> status;
    try {
      status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
    }
    return new ProcessMemory(
        Long.parseLong(used.group(1)), field(status, "VmRSS:"), (int) field(status, "Threads:"));
  }

  private static long field(List<String> status, String name) {
    return status.stream()
        .filter(line -> line.startsWith(name))
        .map(line -> line.substring(name.length()).trim().split("\\s+")[0])
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " in /proc status"));
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + command + " took over 120 s");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
