package dev.sundae.e2e.support;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Camera frames of one colour with a little noise, as the reference model was trained on (see
 * services/inference/model/README.md): pink is strawberry, green pistachio, brown chocolate.
 */
public final class Frames {

  public static final Color PINK = new Color(245, 150, 180);
  public static final Color GREEN = new Color(135, 175, 80);

  private Frames() {}

  public static byte[] jpeg(Color colour, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
