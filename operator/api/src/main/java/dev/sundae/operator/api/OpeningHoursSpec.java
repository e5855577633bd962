package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Hours on some days of the week during which a chain's stores serve customers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.opens != self.closes",
    message =
        "opens and closes must differ (a closing time before the opening time is after midnight)")
public class OpeningHoursSpec {

  /** HH:MM on a 24-hour clock. */
  public static final String TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** The days of the week, as the schedule's days name them. */
  public enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun
  }

  @Required
  @Size(min = 1, max = 7)
  @JsonPropertyDescription("Days these hours hold on (the days the stores open).")
  private List<Day> days;

  @Required
  @Pattern(TIME_PATTERN)
  @JsonPropertyDescription("Opening time, HH:MM in the schedule's time zone.")
  private String opens;

  @Required
  @Pattern(TIME_PATTERN)
  @JsonPropertyDescription(
      "Closing time, HH:MM in the schedule's time zone; earlier than opens means after midnight.")
  private String closes;

  public List<Day> getDays() {
    return days;
  }

  public void setDays(List<Day> days) {
    this.days = days;
  }

  public String getOpens() {
    return opens;
  }

  public void setOpens(String opens) {
    this.opens = opens;
  }

  public String getCloses() {
    return closes;
  }

  public void setCloses(String closes) {
    this.closes = closes;
  }
}
