package dev.sundae.operator.storage;

import dev.sundae.testing.minio.MinioServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * A real MinIO whose notification target {@value #TARGET_ARN} posts to an {@link EventReceiver}.
 */
final class MinioWithWebhook {

  /** MinIO names a target {@code arn:minio:sqs:<region>:<id>:<type>}; no region is configured. */
  static final String TARGET_ARN = "arn:minio:sqs::SUNDAE:webhook";

  private MinioWithWebhook() {}

  static MinioServer start(EventReceiver receiver) {
    String queueDir;
    try {
      queueDir = Files.createTempDirectory("sundae-minio-events-").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MinioServer minio =
        new MinioServer(
            Map.of(
                "MINIO_NOTIFY_WEBHOOK_ENABLE_SUNDAE",
                "on",
                "MINIO_NOTIFY_WEBHOOK_ENDPOINT_SUNDAE",
                receiver.url(),
                // events wait on disk while the receiver is down, as they would for the bridge
                "MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_SUNDAE",
                queueDir));
    try {
      minio.start();
    } catch (Exception e) {
      minio.close();
      throw new IllegalStateException("MinIO did not start: " + e.getMessage(), e);
    }
    return minio;
  }
}
