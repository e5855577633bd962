package dev.sundae.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.inference.Frames;
import dev.sundae.inference.frame.FrameBatch;
import dev.sundae.inference.frame.FrameDecoder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled reference model, saved by Python's torch, run through DJL's PyTorch 2.7.1. */
class FlavourModelTest {

  private static final List<String> CATALOGUE =
      List.of(
          "Vanilla",
          "chocolate",
          "strawberry",
          "pistachio",
          "mint",
          "blueberry",
          "mango",
          "lemon",
          "stracciatella",
          "licorice",
          "salted caramel");

  private static FlavourModel model;
  private static Catalogue catalogue;
  private final FrameDecoder decoder = new FrameDecoder();

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    DjlEngine.start(2, 1);
    ModelFiles files = ModelSources.of(ModelSources.REFERENCE, null).fetch(dir);
    model = FlavourModel.load(files, "reference");
    catalogue = Catalogue.of(model.labels(), CATALOGUE);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "vanilla",
        "chocolate",
        "strawberry",
        "pistachio",
        "mint",
        "blueberry",
        "mango",
        "lemon",
        "licorice"
      })
  void putsTheFlavourOfTheDominantColourFirst(String flavour) throws Exception {
    FrameBatch batch = new FrameBatch(1);
    batch.add(decoder.decode(Frames.jpeg(Frames.COLOURS.get(flavour))));

    List<RankedFlavour> top = catalogue.top(model.scores(batch)[0], 3);

    assertThat(top).hasSize(3);
    assertThat(top.get(0).flavour()).isEqualToIgnoringCase(flavour);
    assertThat(top.get(0).score()).isGreaterThan(0.5f);
    assertThat(top.get(0).score()).isGreaterThanOrEqualTo(top.get(1).score());
    assertThat(top.get(1).score()).isGreaterThanOrEqualTo(top.get(2).score());
  }

  @Test
  void tellsStracciatellaFromVanillaByItsChips() throws Exception {
    FrameBatch batch = new FrameBatch(1);
    batch.add(decoder.decode(Frames.encode(Frames.stracciatella(320, 240, 7), "png")));

    assertThat(catalogue.top(model.scores(batch)[0], 1).get(0).flavour())
        .isEqualTo("stracciatella");
  }

  @Test
  void scoresABatchAsItScoresEachFrameAlone() throws Exception {
    List<String> flavours = List.of("strawberry", "pistachio", "chocolate", "blueberry");
    FrameBatch batch = new FrameBatch(flavours.size());
    for (String flavour : flavours) {
      batch.add(decoder.decode(Frames.png(Frames.COLOURS.get(flavour))));
    }
    float[][] together = model.scores(batch);

    for (int i = 0; i < flavours.size(); i++) {
      FrameBatch one = new FrameBatch(1);
      one.add(decoder.decode(Frames.png(Frames.COLOURS.get(flavours.get(i)))));
      assertThat(together[i])
          .containsExactly(model.scores(one)[0], org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(catalogue.top(together[i], 1).get(0).flavour()).isEqualTo(flavours.get(i));
    }
  }

  @Test
  void givesOneScorePerLabelSummingToOne() throws Exception {
    FrameBatch batch = new FrameBatch(1);
    batch.add(decoder.decode(Frames.jpeg(Frames.COLOURS.get("mango"))));
    float[] scores = model.scores(batch)[0];

    assertThat(scores).hasSize(model.labels().size());
    float sum = 0;
    for (float s : scores) {
      sum += s;
    }
    assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
  }
}
