package dev.sundae.gateway.export;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One UTC day of a tenant's recommendations and purchases as two Parquet files, written by an
 * in-process DuckDB from the rows of the tenant's schema. The columns are those of the README's
 * "Analytics export"; lists (the flavours shown, the candidates, the flavours bought) are Parquet
 * lists of strings, times are UTC timestamps in microseconds, ids are strings. Rows are ordered by
 * time then id, so the same day gives the same bytes.
 */
final class DayFiles {

  // the rows travel to DuckDB as text with lists joined by the unit separator, which no flavour
  // name contains (a flavour is lower-case letters, digits and dashes: Flavour in operator/api)
  private static final String RECOMMENDATIONS =
      """
      SELECT r.request_id::text AS request_id, r.created_at, r.store, r.arm, r.model_version,
             (SELECT string_agg(f.flavour, chr(31) ORDER BY f.rank) FROM recommended_flavour f
               WHERE f.request_id = r.request_id) AS flavours,
             r.context, array_to_string(r.candidates, chr(31)) AS candidates, r.action,
             r.propensity, r.greedy, r.converted_at
      FROM recommendation r
      WHERE r.created_at >= ? AND r.created_at < ?
      ORDER BY r.created_at, r.request_id
      """;
  private static final String PURCHASES =
      """
      SELECT p.purchase_id::text AS purchase_id, p.request_id::text AS request_id, p.store,
             p.purchased_at, p.created_at AS reported_at,
             (SELECT string_agg(pf.flavour, chr(31) ORDER BY pf.flavour) FROM purchased_flavour pf
               WHERE pf.purchase_id = p.purchase_id) AS flavours
      FROM purchase p
      WHERE p.created_at >= ? AND p.created_at < ?
      ORDER BY p.created_at, p.purchase_id
      """;
  private static final String RECOMMENDATIONS_TABLE =
      "CREATE TABLE t (request_id VARCHAR, created_at TIMESTAMP, store VARCHAR, arm VARCHAR,"
          + " model_version VARCHAR, flavours VARCHAR, context VARCHAR, candidates VARCHAR,"
          + " action VARCHAR, propensity DOUBLE, greedy VARCHAR, converted_at TIMESTAMP)";
  private static final String PURCHASES_TABLE =
      "CREATE TABLE t (purchase_id VARCHAR, request_id VARCHAR, store VARCHAR,"
          + " purchased_at TIMESTAMP, reported_at TIMESTAMP, flavours VARCHAR)";
  private static final String RECOMMENDATIONS_COPY =
      """
      COPY (SELECT request_id, created_at::TIMESTAMPTZ AS created_at, store, arm, model_version,
                   string_split(flavours, chr(31)) AS flavours, context,
                   CASE WHEN candidates IS NOT NULL THEN string_split(candidates, chr(31)) END
                     AS candidates,
                   action, propensity, greedy, converted_at::TIMESTAMPTZ AS converted_at
            FROM t) TO '%s' (FORMAT parquet, COMPRESSION zstd)
      """;
  private static final String PURCHASES_COPY =
      """
      COPY (SELECT purchase_id, request_id, store, purchased_at::TIMESTAMPTZ AS purchased_at,
                   reported_at::TIMESTAMPTZ AS reported_at,
                   string_split(flavours, chr(31)) AS flavours
            FROM t) TO '%s' (FORMAT parquet, COMPRESSION zstd)
      """;

  private DayFiles() {}

  /** What {@link #write} wrote: how many rows of each, and where (null for none). */
  record Written(
      long recommendations, Path recommendationsFile, long purchases, Path purchasesFile) {}

  /** Writes {@code day}'s files into {@code directory}. */
  static Written write(Connection tenant, LocalDate day, Path directory) throws SQLException {
    Path recommendations = directory.resolve("recommendations.parquet");
    Path purchases = directory.resolve("purchases.parquet");
    long r =
        copy(
            tenant,
            day,
            RECOMMENDATIONS,
            RECOMMENDATIONS_TABLE,
            RECOMMENDATIONS_COPY,
            recommendations);
    long p = copy(tenant, day, PURCHASES, PURCHASES_TABLE, PURCHASES_COPY, purchases);
    return new Written(r, r == 0 ? null : recommendations, p, p == 0 ? null : purchases);
  }

  /** Writes a one-row Parquet file with DuckDB and returns its size: the library works here. */
  static long selfCheck(Path file) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      sql.execute(
          "COPY (SELECT 1 AS one) TO '%s' (FORMAT parquet)"
              .formatted(file.toString().replace("'", "''")));
    }
    return file.toFile().length();
  }

  private static long copy(
      Connection tenant, LocalDate day, String select, String table, String copy, Path file)
      throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement ddl = duck.createStatement()) {
      ddl.execute("SET TimeZone = 'UTC'");
      // inside the gateway's JVM and its Pod's memory limit: DuckDB would take 80 % of the RAM
      ddl.execute("SET memory_limit = '256MB'");
      ddl.execute("SET threads = 1");
      ddl.execute(table);
      long rows = 0;
      try (PreparedStatement rowsOfDay = tenant.prepareStatement(select)) {
        rowsOfDay.setObject(1, day.atStartOfDay().atOffset(ZoneOffset.UTC));
        rowsOfDay.setObject(2, day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        rowsOfDay.setFetchSize(5_000); // a cursor, not the whole day in memory
        try (ResultSet in = rowsOfDay.executeQuery();
            DuckDBAppender out =
                duck.unwrap(DuckDBConnection.class)
                    .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
          ResultSetMetaData columns = in.getMetaData();
          while (in.next()) {
            out.beginRow();
            for (int c = 1; c <= columns.getColumnCount(); c++) {
              append(out, in, c, columns.getColumnType(c));
            }
            out.endRow();
            rows++;
          }
        }
      }
      if (rows > 0) {
        ddl.execute(copy.formatted(file.toString().replace("'", "''")));
      }
      return rows;
    }
  }

  private static void append(DuckDBAppender out, ResultSet in, int column, int type)
      throws SQLException {
    switch (type) {
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime at = in.getObject(column, OffsetDateTime.class);
        if (at == null) {
          out.appendNull();
        } else {
          out.append(LocalDateTime.ofInstant(at.toInstant(), ZoneOffset.UTC));
        }
      }
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
        double value = in.getDouble(column);
        if (in.wasNull()) {
          out.appendNull();
        } else {
          out.append(value);
        }
      }
      default -> {
        String value = in.getString(column);
        if (value == null) {
          out.appendNull();
        } else {
          out.append(value);
        }
      }
    }
  }
}
