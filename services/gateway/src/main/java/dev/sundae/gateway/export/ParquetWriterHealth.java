package dev.sundae.gateway.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether this gateway can write the analytics export: DuckDB's native library loads (it unpacks
 * into the temporary directory, which must be writable and allow execution) and writes a Parquet
 * file. Checked once, at the first request of {@code /actuator/health/export}; not part of
 * readiness, as a failing export must not take the API out of service.
 */
@Component("parquetWriter")
class ParquetWriterHealth implements HealthIndicator {

  private static final Logger LOG = LoggerFactory.getLogger(ParquetWriterHealth.class);

  private volatile Health checked;

  @Override
  public Health health() {
    Health health = checked;
    if (health == null) {
      health = check();
      checked = health;
    }
    return health;
  }

  private static Health check() {
    try {
      Path directory = Files.createTempDirectory("sundae-parquet-check-");
      try {
        long bytes = DayFiles.selfCheck(directory.resolve("check.parquet"));
        return Health.up().withDetail("bytes", bytes).build();
      } finally {
        try (var files = Files.list(directory)) {
          files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(directory);
      }
    } catch (IOException | SQLException | RuntimeException | LinkageError e) {
      LOG.warn("The analytics export cannot write Parquet here: {}", e.toString());
      return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
  }
}
