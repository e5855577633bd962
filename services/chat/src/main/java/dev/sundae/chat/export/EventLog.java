package dev.sundae.chat.export;

import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's {@code chat_event} table and where its export stands ({@code chat_event_export},
 * V7). A batch is the events of the transactions that finished between two plans: a transaction
 * older than every running one (PostgreSQL's snapshot xmin) can add no event any more, so a batch,
 * once planned and committed, never changes, and its pages and keys come out the same on a retry.
 */
final class EventLog {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  EventLog(TenantDatabase db) {
    this.db = db;
  }

  /** The batch being exported, or empty when the last one is done. */
  Optional<Batch> pending() {
    return db.jdbc()
        .sql(
            "SELECT exported_below, pending_below, pending_after_id FROM chat_event_export"
                + " WHERE pending_below IS NOT NULL")
        .query((rs, row) -> new Batch(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .optional();
  }

  /** Fixes the next batch: every event of a transaction finished since the last one. */
  Batch plan() {
    return db.jdbc()
        .sql(
            "UPDATE chat_event_export SET pending_after_id = 0,"
                + " pending_below = greatest(exported_below,"
                + " pg_snapshot_xmin(pg_current_snapshot())::text::bigint)"
                + " RETURNING exported_below, pending_below, pending_after_id")
        .query((rs, row) -> new Batch(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
        .single();
  }

  /** The batch's next events after the ones written, in id order, at most {@code limit}. */
  List<ChatEvent> page(Batch batch, int limit) {
    return db.jdbc()
        .sql(
            "SELECT id, occurred_at, type, subject, actor, conversation_id, attributes::text"
                + " FROM chat_event WHERE tx >= ? AND tx < ? AND id > ? ORDER BY id LIMIT ?")
        .params(batch.from(), batch.below(), batch.afterId(), limit)
        .query(EventLog::map)
        .list();
  }

  /** Records that the batch's events up to {@code id} are in the bucket. */
  void written(long id) {
    db.jdbc().sql("UPDATE chat_event_export SET pending_after_id = ?").param(id).update();
  }

  /** Records the whole batch as exported. */
  void done() {
    db.jdbc()
        .sql(
            "UPDATE chat_event_export SET exported_below = pending_below, pending_below = NULL,"
                + " pending_after_id = 0, exported_at = now()")
        .update();
  }

  /** Deletes the events that occurred before {@code cutoff}; returns how many. */
  int purge(Instant cutoff) {
    return db.jdbc()
        .sql("DELETE FROM chat_event WHERE occurred_at < ?")
        .param(Timestamp.from(cutoff))
        .update();
  }

  private static ChatEvent map(ResultSet rs, int row) throws SQLException {
    return new ChatEvent(
        rs.getLong("id"),
        rs.getTimestamp("occurred_at").toInstant(),
        rs.getString("type"),
        rs.getString("subject"),
        rs.getString("actor"),
        rs.getObject("conversation_id", UUID.class),
        JSON.readTree(rs.getString("attributes")));
  }

  /**
   * The events of transactions {@code from <= tx < below}, those with an id over {@code afterId}
   * still to write.
   */
  record Batch(long from, long below, long afterId) {

    boolean empty() {
      return below <= from;
    }

    Batch after(long id) {
      return new Batch(from, below, id);
    }
  }
}
