package dev.sundae.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueTest {

  private static final List<String> LABELS =
      List.of("vanilla", "chocolate", "strawberry", "pistachio", "mint");

  @Test
  void ranksTheCatalogueFlavoursByTheirScores() {
    Catalogue catalogue =
        Catalogue.of(LABELS, List.of("Mint", "chocolate", "vanilla", "pistachio"));

    List<RankedFlavour> top = catalogue.top(new float[] {0.1f, 0.3f, 0.35f, 0.05f, 0.2f}, 3);

    // strawberry scores best but is not sold: never recommended
    assertThat(top)
        .containsExactly(
            new RankedFlavour(1, "chocolate", 0.3f),
            new RankedFlavour(2, "Mint", 0.2f),
            new RankedFlavour(3, "vanilla", 0.1f));
  }

  @Test
  void givesNoScoreToFlavoursTheModelDoesNotKnow() {
    Catalogue catalogue =
        Catalogue.of(LABELS, List.of("salted caramel", "strawberry", " Pistachio ", "yuzu"));

    List<RankedFlavour> top = catalogue.top(new float[] {0.1f, 0.3f, 0.35f, 0.05f, 0.2f}, 3);

    assertThat(top)
        .containsExactly(
            new RankedFlavour(1, "strawberry", 0.35f), new RankedFlavour(2, "Pistachio", 0.05f));
    assertThat(catalogue.unknown()).containsExactly("salted caramel", "yuzu");
  }

  @Test
  void breaksTiesByCatalogueOrder() {
    Catalogue catalogue = Catalogue.of(LABELS, List.of("mint", "vanilla", "chocolate"));

    assertThat(catalogue.top(new float[] {0.25f, 0.25f, 0f, 0f, 0.25f}, 3))
        .extracting(RankedFlavour::flavour)
        .containsExactly("mint", "vanilla", "chocolate");
  }

  @Test
  void refusesACatalogueTheModelKnowsNothingOf() {
    assertThatThrownBy(() -> Catalogue.of(LABELS, List.of("yuzu", "sesame", "matcha")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("knows none");
  }

  @Test
  void refusesALabelsFileNamingAFlavourTwice() {
    assertThatThrownBy(() -> Catalogue.of(List.of("mint", "Mint"), List.of("mint")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }
}
