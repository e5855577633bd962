package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * When a chain's stores are open: the queue-driven autoscaler keeps its minimum of workers from
 * {@link #warmUpMinutes} before opening until closing, and lets the workload go to zero outside.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleSpec {

  public static final int DEFAULT_WARM_UP_MINUTES = 15;

  @Required
  @ValidationRule(
      // evaluating a time in an unknown zone is an error, which the API server refuses
      value = "timestamp('2000-01-01T00:00:00Z').getHours(self) >= 0",
      message = "timeZone must be an IANA time zone, e.g. Europe/Rome")
  @io.fabric8.generator.annotation.Pattern("^[A-Za-z][A-Za-z0-9_+/-]{0,63}$")
  @JsonPropertyDescription("IANA time zone of the opening hours, e.g. Europe/Rome.")
  private String timeZone;

  @Required
  @Size(min = 1, max = 14)
  @JsonPropertyDescription("The stores' opening hours; a time in any of them counts as open.")
  private List<OpeningHoursSpec> openingHours;

  @Min(0)
  @Max(120)
  @Default("" + DEFAULT_WARM_UP_MINUTES)
  @JsonPropertyDescription(
      "Minutes before opening the workers start, so the first customer's picture finds one"
          + " running.")
  private Integer warmUpMinutes;

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public List<OpeningHoursSpec> getOpeningHours() {
    return openingHours;
  }

  public void setOpeningHours(List<OpeningHoursSpec> openingHours) {
    this.openingHours = openingHours;
  }

  public Integer getWarmUpMinutes() {
    return warmUpMinutes;
  }

  public void setWarmUpMinutes(Integer warmUpMinutes) {
    this.warmUpMinutes = warmUpMinutes;
  }
}
