package dev.sundae.inference.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.inference.Frames;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {

  private static final Color PINK = new Color(245, 150, 180);
  private final FrameDecoder decoder = new FrameDecoder();

  @AfterEach
  void close() {
    decoder.close();
  }

  @Test
  void decodesJpegAndPng() throws Exception {
    assertColour(decoder.decode(Frames.jpeg(PINK)), PINK, 12);
    assertColour(decoder.decode(Frames.png(PINK)), PINK, 8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"strawberry.webp", "strawberry-lossless.webp"})
  void decodesWebp(String name) throws Exception {
    assertColour(decoder.decode(resource(name)), PINK, 12);
  }

  @Test
  void readsALargeFrameAtAReducedResolution() throws Exception {
    byte[] large = Frames.encode(Frames.image(PINK, 1600, 1200, 1), "jpeg");

    BufferedImage image = decoder.decode(large);

    assertThat(image.getWidth()).isBetween(FrameBatch.SIZE, 2 * FrameBatch.SIZE);
    assertThat(image.getHeight()).isGreaterThanOrEqualTo(FrameBatch.SIZE);
  }

  @Test
  void refusesATextFileNamedLikeAPicture() {
    byte[] text = "Hello, I am not a picture.\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decoder.decode(text))
        .isInstanceOf(UndecodableFrameException.class)
        .hasMessageStartingWith("not a decodable image: neither JPEG, PNG nor WebP");
  }

  @Test
  void refusesATruncatedJpegRatherThanReadingHalfAFrame() {
    byte[] jpeg = Frames.jpeg(PINK);
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

    assertThatThrownBy(() -> decoder.decode(truncated))
        .isInstanceOf(UndecodableFrameException.class)
        .hasMessageStartingWith("not a decodable image: damaged JPEG");
  }

  @Test
  void refusesATruncatedPng() {
    byte[] png = Frames.png(PINK);

    assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)))
        .isInstanceOf(UndecodableFrameException.class)
        .hasMessageStartingWith("not a decodable image: damaged PNG");
  }

  @Test
  void keepsDecodingAfterAFailure() throws Exception {
    byte[] jpeg = Frames.jpeg(PINK);
    assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, 300)))
        .isInstanceOf(UndecodableFrameException.class);

    assertColour(decoder.decode(jpeg), PINK, 12);
  }

  private static void assertColour(BufferedImage image, Color expected, int tolerance) {
    Color centre = new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
    assertThat(centre.getRed()).isCloseTo(expected.getRed(), within(tolerance));
    assertThat(centre.getGreen()).isCloseTo(expected.getGreen(), within(tolerance));
    assertThat(centre.getBlue()).isCloseTo(expected.getBlue(), within(tolerance));
  }

  private static org.assertj.core.data.Offset<Integer> within(int tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = FrameDecoderTest.class.getResourceAsStream("/frames/" + name)) {
      return in.readAllBytes();
    }
  }
}
