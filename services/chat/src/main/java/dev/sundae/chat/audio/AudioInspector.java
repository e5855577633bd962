package dev.sundae.chat.audio;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Tells what an uploaded object really is, from its bytes: the container by its signature, then the
 * codec and the duration from the container's own structures. A member's declared content type is a
 * claim; this is the check.
 */
public final class AudioInspector {

  private AudioInspector() {}

  /**
   * The clip's format and duration.
   *
   * @throws InvalidAudioException when it is not the declared container, not the accepted codec, or
   *     not readable
   */
  public static AudioInfo inspect(byte[] data, AudioFormat declared) throws InvalidAudioException {
    AudioFormat found = container(data);
    if (found == null) {
      throw new InvalidAudioException(
          "declared "
              + declared.contentType()
              + " but the object is not an Ogg, WebM or MP4 file (it starts with 0x"
              + head(data)
              + ")");
    }
    if (found != declared) {
      throw new InvalidAudioException(
          "declared "
              + declared.contentType()
              + " but the object is a "
              + found.container()
              + " file");
    }
    long millis =
        switch (declared) {
          case OGG_OPUS -> OggOpus.durationMillis(data);
          case WEBM_OPUS -> WebmOpus.durationMillis(data);
          case MP4_AAC -> Mp4Aac.durationMillis(data);
        };
    return new AudioInfo(declared, millis);
  }

  /** The container whose signature {@code data} starts with, or null. */
  static AudioFormat container(byte[] data) {
    if (startsWith(data, 0, "OggS".getBytes(StandardCharsets.US_ASCII))) {
      return AudioFormat.OGG_OPUS;
    }
    if (startsWith(data, 0, new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})) {
      return AudioFormat.WEBM_OPUS;
    }
    if (startsWith(data, 4, "ftyp".getBytes(StandardCharsets.US_ASCII))) {
      return AudioFormat.MP4_AAC;
    }
    return null;
  }

  /** The first bytes of {@code data} in hex, for a reason a developer can look at. */
  static String head(byte[] data) {
    return HexFormat.of().formatHex(data, 0, Math.min(8, data.length));
  }

  private static boolean startsWith(byte[] data, int offset, byte[] signature) {
    if (data.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (data[offset + i] != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
