package dev.sundae.inference.frame;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a frame's bytes into an image: JPEG and PNG with the JDK's readers, WebP with
 * TwelveMonkeys'. The format is told by the file's signature, not its name. A damaged file is
 * refused rather than half-read: a truncated JPEG decodes "successfully" with grey at the bottom,
 * so every decoder warning counts as a failure. One decoder per thread: it reuses its readers.
 */
public final class FrameDecoder implements AutoCloseable {

  /** Frames are small; this bounds the memory a hostile header can make us allocate. */
  public static final long MAX_PIXELS = 40_000_000L;

  private enum Format {
    JPEG,
    PNG,
    WEBP
  }

  static {
    ImageIO.setUseCache(false); // decode from memory, no temporary files
    ImageIO.scanForPlugins(); // finds the WebP reader also inside a Spring Boot jar
  }

  private final Map<Format, ImageReader> readers = new EnumMap<>(Format.class);
  private final List<String> warnings = new ArrayList<>();
  private final IIOReadWarningListener warningListener = (reader, warning) -> warnings.add(warning);

  /** The image in {@code bytes}, read at a reduced resolution when it is much larger than 224. */
  public BufferedImage decode(byte[] bytes) throws UndecodableFrameException {
    Format format = formatOf(bytes);
    ImageReader reader = reader(format);
    warnings.clear();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
        throw new UndecodableFrameException(
            "not a decodable image: " + format + " of " + width + "x" + height + " pixels");
      }
      ImageReadParam param = reader.getDefaultReadParam();
      int step = Math.max(1, Math.min(width, height) / FrameBatch.SIZE);
      param.setSourceSubsampling(step, step, 0, 0); // skip what the resize would throw away
      BufferedImage image = reader.read(0, param);
      if (!warnings.isEmpty()) {
        throw new UndecodableFrameException(
            "not a decodable image: damaged " + format + " (" + String.join("; ", warnings) + ")");
      }
      return image;
    } catch (IOException | RuntimeException e) {
      throw new UndecodableFrameException(
          "not a decodable image: damaged " + format + " (" + e.getMessage() + ")", e);
    } finally {
      reader.setInput(null);
    }
  }

  private static Format formatOf(byte[] b) throws UndecodableFrameException {
    if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return Format.JPEG;
    }
    if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return Format.PNG;
    }
    if (b.length > 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return Format.WEBP;
    }
    throw new UndecodableFrameException(
        "not a decodable image: neither JPEG, PNG nor WebP (" + b.length + " bytes)");
  }

  private ImageReader reader(Format format) {
    return readers.computeIfAbsent(
        format,
        f -> {
          Iterator<ImageReader> found = ImageIO.getImageReadersByFormatName(f.name().toLowerCase());
          if (!found.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + f + " on the class path");
          }
          ImageReader reader = found.next();
          reader.addIIOReadWarningListener(warningListener);
          return reader;
        });
  }

  @Override
  public void close() {
    readers.values().forEach(ImageReader::dispose);
    readers.clear();
  }
}
