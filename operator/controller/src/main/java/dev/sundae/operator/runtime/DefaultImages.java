package dev.sundae.operator.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The workload images of the operator's own release (sundae-images.properties, filled in by the
 * build from the root pom's image.registry and image.tag): what runs when an Environment's {@code
 * spec.images} names none. Pinned to the release, as Strimzi's operator pins its operands, so that
 * upgrading the operator is what moves the workloads, and a default is never a mutable {@code
 * :latest}.
 */
public final class DefaultImages {

  private static final Properties IMAGES = load();

  private DefaultImages() {}

  /** The default image of a workload: gateway, inference or chat. */
  public static String of(String component) {
    String image = IMAGES.getProperty(component);
    if (image == null) {
      throw new IllegalArgumentException("no default image for " + component);
    }
    return image;
  }

  private static Properties load() {
    Properties images = new Properties();
    try (InputStream in = DefaultImages.class.getResourceAsStream("/sundae-images.properties")) {
      if (in == null) {
        throw new IllegalStateException("sundae-images.properties is missing from the operator");
      }
      images.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return images;
  }
}
