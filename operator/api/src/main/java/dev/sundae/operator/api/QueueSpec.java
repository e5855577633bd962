package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A tenant's queue of uploaded frames. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QueueSpec {

  /** The schema's defaults, which the operator also applies to a spec read without them. */
  public static final int DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;

  public static final int DEFAULT_MAX_RECEIVE_COUNT = 3;

  @Min(0)
  @Max(43200)
  @Default("" + DEFAULT_VISIBILITY_TIMEOUT_SECONDS)
  @JsonPropertyDescription(
      "Seconds a received message stays invisible to other workers (0 to 43200, the SQS limit).")
  private Integer visibilityTimeoutSeconds;

  @Min(1)
  @Max(1000)
  @Default("" + DEFAULT_MAX_RECEIVE_COUNT)
  @JsonPropertyDescription("Receives of a message before it moves to the dead-letter queue.")
  private Integer maxReceiveCount;

  public Integer getVisibilityTimeoutSeconds() {
    return visibilityTimeoutSeconds;
  }

  public void setVisibilityTimeoutSeconds(Integer visibilityTimeoutSeconds) {
    this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
  }

  public Integer getMaxReceiveCount() {
    return maxReceiveCount;
  }

  public void setMaxReceiveCount(Integer maxReceiveCount) {
    this.maxReceiveCount = maxReceiveCount;
  }
}
