package dev.sundae.chat.push;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The push work of every tenant, handed to the sending threads tenant by tenant in turn
 * (round-robin), with at most {@code perTenant} pieces of one tenant's work running at once. A
 * tenant whose members' push services hang (a tarpit holds each push for the whole timeout) slows
 * only its own pushes: the other threads stay free for the other tenants. Each tenant's queue is
 * bounded on its own, so one tenant's burst fills no other's.
 */
final class TenantQueues {

  /** One piece of work and the tenant it counts against. */
  record Work(String tenant, Runnable task) {}

  private final int capacityPerTenant;
  private final int perTenant;
  private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
  private final Map<String, Integer> running = new HashMap<>();

  /** Tenants with waiting work, in the order they get their next turn. */
  private final ArrayDeque<String> turns = new ArrayDeque<>();

  private boolean closed;

  /**
   * @param capacityPerTenant pieces of work one tenant may have waiting
   * @param perTenant pieces of one tenant's work that may run at once
   */
  TenantQueues(int capacityPerTenant, int perTenant) {
    if (capacityPerTenant < 1 || perTenant < 1) {
      throw new IllegalArgumentException("capacity and share must be at least 1");
    }
    this.capacityPerTenant = capacityPerTenant;
    this.perTenant = perTenant;
  }

  /** Queues {@code task}; false when the tenant's queue is full or the queues are closed. */
  synchronized boolean offer(String tenant, Runnable task) {
    if (closed) {
      return false;
    }
    ArrayDeque<Runnable> queue = waiting.computeIfAbsent(tenant, t -> new ArrayDeque<>());
    if (queue.size() >= capacityPerTenant) {
      return false;
    }
    queue.add(task);
    if (queue.size() == 1) {
      turns.add(tenant);
    }
    notifyAll();
    return true;
  }

  /**
   * The next piece of work of the next tenant in turn that has a free slot; waits for one. Null
   * once the queues are closed. The caller runs it and then calls {@link #done}.
   */
  synchronized Work take() throws InterruptedException {
    while (!closed) {
      for (int i = turns.size(); i > 0; i--) {
        String tenant = turns.poll();
        if (running.getOrDefault(tenant, 0) >= perTenant) {
          turns.add(tenant);
          continue;
        }
        ArrayDeque<Runnable> queue = waiting.get(tenant);
        Runnable task = queue.poll();
        if (queue.isEmpty()) {
          waiting.remove(tenant);
        } else {
          turns.add(tenant);
        }
        running.merge(tenant, 1, Integer::sum);
        return new Work(tenant, task);
      }
      wait();
    }
    return null;
  }

  /** The tenant's piece of work has ended: its slot is free again. */
  synchronized void done(String tenant) {
    running.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
    notifyAll();
  }

  /** Work waiting or running, of every tenant. */
  synchronized int pending() {
    int count = 0;
    for (ArrayDeque<Runnable> queue : waiting.values()) {
      count += queue.size();
    }
    for (int n : running.values()) {
      count += n;
    }
    return count;
  }

  /** Wakes every waiting thread with null; what was waiting is dropped. */
  synchronized void close() {
    closed = true;
    waiting.clear();
    turns.clear();
    notifyAll();
  }
}
