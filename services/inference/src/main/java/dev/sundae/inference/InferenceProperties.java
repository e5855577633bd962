package dev.sundae.inference;

import dev.sundae.tenancy.TenantConfig;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The worker's configuration: the tenants it serves ({@code sundae.tenants[...]}; one in
 * Kubernetes, several on a laptop) and how it works ({@code sundae.inference.*}).
 */
@ConfigurationProperties("sundae")
public record InferenceProperties(List<TenantConfig> tenants, @DefaultValue Inference inference) {

  public InferenceProperties {
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  /**
   * @param batchSize messages per long-poll, and frames per forward pass (SQS allows 1 to 10)
   * @param pollWait how long a receive waits for messages; also bounds how long a stop waits
   * @param maxBackoff the longest pause after failures (database or store down)
   * @param intraOpThreads threads of one PyTorch operator; 0 means one per core
   * @param interOpThreads PyTorch threads running independent operators
   * @param modelCheckInterval how often to look for a new version of each tenant's model
   * @param maxFrameSize a larger frame is dead-lettered unread
   * @param queueCredentials keys for the queue service; when absent, the AWS default chain
   *     (environment, web identity in Kubernetes)
   */
  public record Inference(
      @DefaultValue("10") int batchSize,
      @DefaultValue("10s") Duration pollWait,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("0") int intraOpThreads,
      @DefaultValue("1") int interOpThreads,
      @DefaultValue("30s") Duration modelCheckInterval,
      @DefaultValue("10MB") DataSize maxFrameSize,
      QueueCredentials queueCredentials) {

    public Inference {
      if (batchSize < 1 || batchSize > 10) {
        throw new IllegalArgumentException("sundae.inference.batch-size must be 1 to 10 (SQS)");
      }
      if (pollWait.toSeconds() > 20) {
        throw new IllegalArgumentException("sundae.inference.poll-wait must be at most 20s (SQS)");
      }
    }
  }

  public record QueueCredentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
      return "QueueCredentials[accessKey=" + accessKey + "]";
    }
  }
}
