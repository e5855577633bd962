package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageKeysTest {

  private static final UUID REQUEST = UUID.fromString("0b7e6f1c-4a44-4d6e-9d1a-1f0e2c3b4a59");

  @Test
  void namesAFrameByRequestAndType() {
    assertThat(StorageKeys.frame(REQUEST, "image/webp")).isEqualTo("frames/" + REQUEST + ".webp");
    assertThatThrownBy(() -> StorageKeys.frame(REQUEST, "image/gif"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findsTheRequestOfAFrameKeyOnly() {
    assertThat(StorageKeys.requestIdOf(StorageKeys.frame(REQUEST, "image/jpeg"))).contains(REQUEST);
    assertThat(StorageKeys.requestIdOf("frames/" + REQUEST + ".gif")).isEmpty();
    assertThat(StorageKeys.requestIdOf("exports/" + REQUEST + ".jpg")).isEmpty();
    assertThat(StorageKeys.requestIdOf("frames/../" + REQUEST + ".jpg")).isEmpty();
  }
}
