package dev.sundae.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time spent during a benchmark run, from /proc (Linux), split into this JVM, its child
 * processes by command (PostgreSQL, Keycloak) and everything else on the machine. The machine
 * running the benchmark is shared, and a throughput figure means little without knowing how much of
 * the cores it had.
 */
final class CpuUse {

  static final String OTHERS = "other processes";
  static final String THIS_JVM = "this JVM (load driver)";
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  private final long machineStart;
  private final Map<Long, String> named;
  private final Map<String, Long> start;
  private final long nanoStart = System.nanoTime();

  private CpuUse(long machine, Map<Long, String> named) {
    this.machineStart = machine;
    this.named = named;
    this.start = byProcess(named);
  }

  /** From now; {@code named}: child processes by PID with the name to report them under. */
  static CpuUse start(Map<Long, String> named) {
    return new CpuUse(machineBusyTicks(), named);
  }

  /** Cores used on average since {@link #start()}, by "this JVM", child commands and "other". */
  Map<String, Double> stop() {
    double seconds = (System.nanoTime() - nanoStart) / 1e9;
    Map<String, Long> end = byProcess(named);
    Map<String, Double> cores = new TreeMap<>();
    double ours = 0;
    for (Map.Entry<String, Long> e : end.entrySet()) {
      double used =
          (e.getValue() - start.getOrDefault(e.getKey(), 0L)) / TICKS_PER_SECOND / seconds;
      cores.put(e.getKey(), used);
      ours += used;
    }
    double machine = (machineBusyTicks() - machineStart) / TICKS_PER_SECOND / seconds;
    cores.put(OTHERS, Math.max(0, machine - ours));
    return cores;
  }

  private static Map<String, Long> byProcess(Map<Long, String> named) {
    Map<String, Long> ticks = new TreeMap<>();
    ticks.put(THIS_JVM, ticks(ProcessHandle.current().pid()));
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              var command = p.info().command().map(c -> Path.of(c).getFileName().toString());
              // the other child JVM the benchmark starts is Keycloak's
              String name =
                  named.containsKey(p.pid())
                      ? named.get(p.pid())
                      : command.map(c -> c.equals("java") ? "keycloak (java)" : c).orElse("?");
              ticks.merge(name, ticks(p.pid()), Long::sum);
            });
    return ticks;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // fields after the command, which is in parentheses and may hold spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
  }

  private static long machineBusyTicks() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      String[] cpu = lines.get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < cpu.length; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(cpu[i]);
        }
      }
      return busy;
    } catch (IOException e) {
      return 0;
    }
  }
}
