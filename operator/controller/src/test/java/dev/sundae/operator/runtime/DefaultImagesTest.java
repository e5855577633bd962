package dev.sundae.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The default workload images are this build's own, pinned to its version. */
class DefaultImagesTest {

  @Test
  void everyWorkloadDefaultsToThisReleasesImageNeverLatest() {
    List<String> images =
        List.of(
            DefaultImages.of("gateway"), DefaultImages.of("inference"), DefaultImages.of("chat"));

    assertThat(images)
        .allSatisfy(
            image ->
                assertThat(image)
                    .as("filled in by the build, pinned to a version")
                    .doesNotContain("${")
                    .doesNotEndWith(":latest")
                    .matches("[^:]+/sundae-(gateway|inference|chat):\\d+\\.\\d+\\.\\d+.*"));
    assertThat(images.stream().map(i -> i.substring(i.lastIndexOf(':'))).distinct())
        .as("one release: one tag")
        .hasSize(1);
    assertThat(images.stream().map(i -> i.substring(0, i.lastIndexOf('/'))).distinct())
        .as("one registry")
        .hasSize(1);
  }

  @Test
  void anUnknownWorkloadHasNoDefault() {
    assertThatThrownBy(() -> DefaultImages.of("billing"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
