package dev.sundae.chat.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The audio a member may send: Opus in Ogg or WebM, AAC in MP4. */
public enum AudioFormat {
  OGG_OPUS("audio/ogg", "ogg", "Ogg", "opus"),
  WEBM_OPUS("audio/webm", "webm", "WebM", "opus"),
  MP4_AAC("audio/mp4", "m4a", "MP4", "aac");

  private final String contentType;
  private final String extension;
  private final String container;
  private final String codec;

  AudioFormat(String contentType, String extension, String container, String codec) {
    this.contentType = contentType;
    this.extension = extension;
    this.container = container;
    this.codec = codec;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  public String container() {
    return container;
  }

  public String codec() {
    return codec;
  }

  /**
   * The format of a declared content type; parameters ({@code ;codecs=opus}) are ignored, the
   * container is checked against the bytes anyway.
   */
  public static Optional<AudioFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.contentType.equals(bare)).findFirst();
  }
}
