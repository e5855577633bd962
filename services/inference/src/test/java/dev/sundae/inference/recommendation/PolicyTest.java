package dev.sundae.inference.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.inference.recommendation.Policy.Counts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy's choice of its best candidate, on counts given by hand. */
class PolicyTest {

  private static final List<String> CANDIDATES = List.of("strawberry", "vanilla", "lemon");

  @Test
  void withoutPurchasesItIsTheModelsFirst() {
    assertThat(Policy.best("strawberry", CANDIDATES, Map.of())).isEqualTo("strawberry");
  }

  @Test
  void aLuckyStreakDoesNotDisplaceTheModel() {
    // lemon sold 3 of 3 times shown first; strawberry 40 of 100: Wilson's lower end of 3/3 (0.44)
    // is above strawberry's 0.40, but three are not yet evidence
    Map<String, Map<String, Counts>> counts =
        Map.of("strawberry", Map.of("strawberry", new Counts(100, 40), "lemon", new Counts(3, 3)));
    assertThat(Policy.best("strawberry", CANDIDATES, counts)).isEqualTo("strawberry");
  }

  @Test
  void aChallengerThatProvedBetterTakesTheFirstPlace() {
    Map<String, Map<String, Counts>> counts =
        Map.of(
            "strawberry",
            Map.of(
                "strawberry", new Counts(400, 160),
                "vanilla", new Counts(30, 18),
                "lemon", new Counts(40, 30)));
    // vanilla's lower end (0.42) and lemon's (0.59) are both above strawberry's 0.40, with 20 or
    // more shown first each: lemon's is the higher
    assertThat(Policy.best("strawberry", CANDIDATES, counts)).isEqualTo("lemon");
    // in another context the same counts say nothing
    assertThat(Policy.best("chocolate", List.of("chocolate", "lemon"), counts))
        .isEqualTo("chocolate");
  }

  @Test
  void aChallengerNotAmongTheCandidatesIsNotChosen() {
    Map<String, Map<String, Counts>> counts =
        Map.of(
            "strawberry", Map.of("strawberry", new Counts(400, 100), "mint", new Counts(50, 45)));
    assertThat(Policy.best("strawberry", CANDIDATES, counts)).isEqualTo("strawberry");
  }
}
