package dev.sundae.inference;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/** Test frames: a camera's view of one scoop, its colour filling the frame with a little noise. */
public final class Frames {

  /** A typical colour of each reference flavour. */
  public static final Map<String, Color> COLOURS =
      Map.of(
          "vanilla", new Color(243, 229, 190),
          "chocolate", new Color(105, 62, 35),
          "strawberry", new Color(245, 150, 180),
          "pistachio", new Color(135, 175, 80),
          "mint", new Color(175, 240, 205),
          "blueberry", new Color(75, 85, 175),
          "mango", new Color(252, 165, 35),
          "lemon", new Color(250, 242, 150),
          "licorice", new Color(30, 30, 34));

  private Frames() {}

  public static BufferedImage image(Color colour, int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int n = random.nextInt(13) - 6;
        image.setRGB(
            x,
            y,
            new Color(
                    clamp(colour.getRed() + n),
                    clamp(colour.getGreen() + n),
                    clamp(colour.getBlue() + n))
                .getRGB());
      }
    }
    return image;
  }

  /** A white scoop with dark chocolate chips. */
  public static BufferedImage stracciatella(int width, int height, long seed) {
    BufferedImage image = image(new Color(247, 246, 240), width, height, seed);
    Random random = new Random(seed);
    int chip = Math.max(3, width / 56);
    for (int i = 0; i < width * height / (chip * chip) / 14; i++) {
      int x = random.nextInt(width - chip);
      int y = random.nextInt(height - chip);
      for (int dy = 0; dy < chip; dy++) {
        for (int dx = 0; dx < chip; dx++) {
          image.setRGB(x + dx, y + dy, new Color(40, 25, 15).getRGB());
        }
      }
    }
    return image;
  }

  public static byte[] jpeg(Color colour) {
    return encode(image(colour, 320, 240, colour.getRGB()), "jpeg");
  }

  public static byte[] png(Color colour) {
    return encode(image(colour, 320, 240, colour.getRGB()), "png");
  }

  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
