package dev.sundae.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time a server JVM has used, user and system, and how much of it went to its JIT compiler
 * threads: on two cores shared with other builds, compilation goes on long after a warm-up, and a
 * message's cost is what the rest of the process used.
 *
 * @param totalNanos every thread of the process, from the OS
 * @param compilerNanos the threads named {@code C1/C2 CompilerThread} alive now (one that ended
 *     meanwhile counts as the rest)
 */
record CpuTime(long totalNanos, long compilerNanos) {

  /** The kernel's {@code USER_HZ} in {@code /proc}: fixed at 100 on Linux's x86 and arm ABIs. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  static CpuTime of(long pid) {
    long total =
        ProcessHandle.of(pid)
            .flatMap(jvm -> jvm.info().totalCpuDuration())
            .orElseThrow(() -> new IllegalStateException("no CPU time of pid " + pid))
            .toNanos();
    long compiler = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        compiler += compilerTicks(task);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of pid " + pid, e);
    }
    return new CpuTime(total, compiler * NANOS_PER_TICK);
  }

  CpuTime since(CpuTime earlier) {
    return new CpuTime(totalNanos - earlier.totalNanos, compilerNanos - earlier.compilerNanos);
  }

  long restNanos() {
    return totalNanos - compilerNanos;
  }

  // /proc/<pid>/task/<tid>/stat: "tid (comm) state ..."; utime and stime are fields 14 and 15
  private static long compilerTicks(Path task) {
    String stat;
    try {
      stat = Files.readString(task.resolve("stat"));
    } catch (IOException e) {
      return 0; // the thread ended
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    String name = stat.substring(open + 1, close);
    if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
      return 0;
    }
    String[] fields = stat.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
