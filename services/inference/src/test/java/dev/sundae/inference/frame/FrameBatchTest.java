package dev.sundae.inference.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FrameBatchTest {

  @Test
  void writesImageNetNormalisedRgbPlanes() {
    FrameBatch batch = new FrameBatch(2);
    batch.add(solid(FrameBatch.SIZE, FrameBatch.SIZE, BufferedImage.TYPE_3BYTE_BGR, Color.RED));
    batch.add(solid(640, 480, BufferedImage.TYPE_INT_RGB, new Color(0, 128, 255)));

    FloatBuffer floats = batch.tensorBytes().asFloatBuffer();

    assertThat(floats.remaining()).isEqualTo(2 * FrameBatch.FRAME_FLOATS);
    int p = FrameBatch.PIXELS;
    // frame 0, red: R plane at 1.0, G and B at 0.0, each normalised
    assertThat(floats.get(0)).isCloseTo((1f - 0.485f) / 0.229f, offset(1e-5f));
    assertThat(floats.get(p + 100)).isCloseTo((0f - 0.456f) / 0.224f, offset(1e-5f));
    assertThat(floats.get(2 * p + p - 1)).isCloseTo((0f - 0.406f) / 0.225f, offset(1e-5f));
    // frame 1, scaled down from 640x480
    int base = FrameBatch.FRAME_FLOATS;
    assertThat(floats.get(base + 5)).isCloseTo((0f - 0.485f) / 0.229f, offset(1e-5f));
    assertThat(floats.get(base + p + 5)).isCloseTo((128 / 255f - 0.456f) / 0.224f, offset(1e-5f));
    assertThat(floats.get(base + 2 * p + 5)).isCloseTo((1f - 0.406f) / 0.225f, offset(1e-5f));
  }

  @Test
  void laysTransparencyOnWhite() {
    FrameBatch batch = new FrameBatch(1);
    batch.add(new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB)); // fully transparent

    assertThat(batch.tensorBytes().asFloatBuffer().get(0))
        .isCloseTo((1f - 0.485f) / 0.229f, offset(1e-5f));
  }

  @Test
  void isReusedAfterClearAndRefusesMoreThanItsCapacity() {
    FrameBatch batch = new FrameBatch(1);
    batch.add(solid(10, 10, BufferedImage.TYPE_INT_RGB, Color.BLUE));
    assertThatThrownBy(() -> batch.add(solid(10, 10, BufferedImage.TYPE_INT_RGB, Color.BLUE)))
        .isInstanceOf(IllegalStateException.class);

    batch.clear();

    assertThat(batch.add(solid(10, 10, BufferedImage.TYPE_INT_RGB, Color.GREEN))).isZero();
    assertThat(batch.size()).isEqualTo(1);
  }

  private static BufferedImage solid(int width, int height, int type, Color colour) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }
}
