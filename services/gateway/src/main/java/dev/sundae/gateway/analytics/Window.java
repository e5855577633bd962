package dev.sundae.gateway.analytics;

import dev.sundae.web.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A window split into the whole UTC days inside it and the partial days at its edges: the analytics
 * queries read the whole days from a daily table and the edges from the rows.
 *
 * @param firstDay the first whole day
 * @param endDay the day after the last whole day; equal to firstDay when there is none
 * @param head the part before firstDay, [from, start of firstDay), or all of the window
 * @param tail the part from the start of endDay, [start of endDay, to), or nothing
 */
record Window(LocalDate firstDay, LocalDate endDay, Instant[] head, Instant[] tail) {

  // what a window may span: years of four digits, well inside PostgreSQL's timestamptz
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** Refuses, as a 400 problem, a window that is empty, reversed or beyond year 9999. */
  static void check(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw Problems.badRequest("invalid-request", "from: must be before to");
    }
    if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
      throw Problems.badRequest(
          "invalid-request", "from, to: must be between " + EARLIEST + " and " + LATEST);
    }
  }

  static Window of(Instant from, Instant to) {
    LocalDate fromDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
    LocalDate firstDay = start(fromDay).equals(from) ? fromDay : fromDay.plusDays(1);
    LocalDate endDay = LocalDate.ofInstant(to, ZoneOffset.UTC);
    if (!firstDay.isBefore(endDay)) {
      return new Window(firstDay, firstDay, new Instant[] {from, to}, new Instant[] {to, to});
    }
    return new Window(
        firstDay, endDay, new Instant[] {from, start(firstDay)}, new Instant[] {start(endDay), to});
  }

  Object[] parameters() {
    return new Object[] {firstDay, endDay, utc(head[0]), utc(head[1]), utc(tail[0]), utc(tail[1])};
  }

  private static Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
