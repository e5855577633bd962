package dev.sundae.tenancy;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an uploaded frame lives in its tenant's bucket: {@code frames/<requestId>.<ext>}. */
public final class StorageKeys {

  public static final Map<String, String> FRAME_TYPES =
      Map.of("image/jpeg", "jpg", "image/png", "png", "image/webp", "webp");

  private static final Pattern FRAME =
      Pattern.compile(
          "^frames/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.(jpg|png|webp)$");

  private StorageKeys() {}

  /** The key of the frame of {@code requestId}; the content type must be one of FRAME_TYPES. */
  public static String frame(UUID requestId, String contentType) {
    String extension = FRAME_TYPES.get(contentType);
    if (extension == null) {
      throw new IllegalArgumentException("not a frame type: " + contentType);
    }
    return "frames/" + requestId + "." + extension;
  }

  /** The request a frame key belongs to, or empty for any other key. */
  public static Optional<UUID> requestIdOf(String key) {
    Matcher m = FRAME.matcher(key);
    return m.matches() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
  }
}
