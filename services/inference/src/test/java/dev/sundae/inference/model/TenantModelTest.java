package dev.sundae.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.inference.Frames;
import dev.sundae.inference.frame.FrameBatch;
import dev.sundae.inference.frame.FrameDecoder;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantModelTest {

  private static final List<String> CATALOGUE = List.of("strawberry", "pistachio", "chocolate");

  @TempDir Path published;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

  @BeforeAll
  static void engine() {
    DjlEngine.start(2, 1);
  }

  @Test
  void picksUpANewVersionAfterTheCheckIntervalWithoutARestart() throws Exception {
    ModelSources.of(ModelSources.REFERENCE, null).fetch(published);
    Path model = published.resolve("model.pt");
    try (TenantModel tenantModel =
        new TenantModel(
            tenant("file://" + model, "v1"),
            ModelSources.of(model.toUri().toString(), null),
            Duration.ofSeconds(30),
            clock)) {
      TenantModel.Loaded first = tenantModel.current();
      assertThat(first.model().version()).matches("v1@[0-9a-f]{12}");
      assertThat(topFlavour(first)).isEqualTo("strawberry");

      // a "new model": the same weights with strawberry's and pistachio's outputs swapped
      List<String> labels = new ArrayList<>(Files.readAllLines(published.resolve("labels.txt")));
      java.util.Collections.swap(labels, 2, 3);
      Files.write(published.resolve("labels.txt"), labels);
      Files.setLastModifiedTime(
          published.resolve("labels.txt"), FileTime.from(Instant.now().plusSeconds(5)));

      assertThat(tenantModel.current()).as("not checked before the interval").isSameAs(first);
      clock.advance(Duration.ofSeconds(31));
      TenantModel.Loaded second = tenantModel.current();

      assertThat(second).isNotSameAs(first);
      assertThat(topFlavour(second)).isEqualTo("pistachio");
    }
  }

  @Test
  void keepsServingTheCurrentVersionWhenANewOneIsBroken() throws Exception {
    ModelSources.of(ModelSources.REFERENCE, null).fetch(published);
    Path model = published.resolve("model.pt");
    try (TenantModel tenantModel =
        new TenantModel(
            tenant(model.toUri().toString(), ""),
            ModelSources.of(model.toUri().toString(), null),
            Duration.ofSeconds(30),
            clock)) {
      TenantModel.Loaded first = tenantModel.current();

      Files.writeString(model, "not TorchScript");
      clock.advance(Duration.ofSeconds(31));

      assertThat(tenantModel.current()).isSameAs(first);
      assertThat(topFlavour(first)).isEqualTo("strawberry");
    }
  }

  private static String topFlavour(TenantModel.Loaded loaded) throws Exception {
    FrameBatch batch = new FrameBatch(1);
    try (FrameDecoder decoder = new FrameDecoder()) {
      batch.add(decoder.decode(Frames.jpeg(Frames.COLOURS.get("strawberry"))));
    }
    return loaded.catalogue().top(loaded.model().scores(batch)[0], 1).get(0).flavour();
  }

  private static TenantConfig tenant(String modelUri, String version) {
    return new TenantConfig(
        "dev",
        "acme",
        null,
        null,
        null,
        CATALOGUE,
        null,
        null,
        null,
        new TenantConfig.Model(modelUri, version, null),
        null,
        null,
        null);
  }
}
