package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One flavour of a tenant's catalogue. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Flavour {

  @Required
  @Pattern("^[a-z][a-z0-9-]{0,39}$")
  @JsonPropertyDescription(
      "Identifier of the flavour, unique in the catalogue, e.g. 'pistachio' (at most 40 characters).")
  private String name;

  @Size(max = 100)
  @JsonPropertyDescription("Name shown to customers, e.g. 'Sicilian Pistachio'.")
  private String displayName;

  @Pattern("^#[0-9a-fA-F]{6}$")
  @JsonPropertyDescription("Colour of the flavour on the register's screen, e.g. '#93c572'.")
  private String colour;

  public Flavour() {}

  public Flavour(String name, String displayName, String colour) {
    this.name = name;
    this.displayName = displayName;
    this.colour = colour;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getColour() {
    return colour;
  }

  public void setColour(String colour) {
    this.colour = colour;
  }
}
