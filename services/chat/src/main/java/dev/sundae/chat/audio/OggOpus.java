package dev.sundae.chat.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Opus in Ogg (RFC 3533, RFC 7845). Hand-written: no maintained Java library reads Ogg pages
 * without decoding, and the duration needs only the page headers. The first packet of the stream
 * must be an {@code OpusHead}; the duration is the last page's granule position (48 kHz samples)
 * less the pre-skip. Every page's CRC is checked, so a truncated or edited file is refused.
 */
final class OggOpus {

  private static final int HEADER = 27;
  private static final int SAMPLE_RATE = 48_000;
  private static final int MAX_PACKET = 5_760;

  private OggOpus() {}

  static long durationMillis(byte[] data) throws InvalidAudioException {
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    int serial = 0;
    int preSkip = -1;
    long lastGranule = -1;
    int pages = 0;
    // the packets: their TOC bytes tell how much audio they really hold
    long packetSamples = 0;
    int packets = 0;
    boolean packetOpen = false;
    while (offset < data.length) {
      if (data.length - offset < HEADER
          || data[offset] != 'O'
          || data[offset + 1] != 'g'
          || data[offset + 2] != 'g'
          || data[offset + 3] != 'S') {
        throw new InvalidAudioException("Ogg page " + pages + " is damaged or truncated");
      }
      if (data[offset + 4] != 0) {
        throw new InvalidAudioException("Ogg version " + data[offset + 4] + " is not 0");
      }
      long granule = buffer.getLong(offset + 6);
      int pageSerial = buffer.getInt(offset + 14);
      int segments = data[offset + 26] & 0xff;
      int bodyStart = offset + HEADER + segments;
      if (bodyStart > data.length) {
        throw new InvalidAudioException("Ogg page " + pages + " is truncated");
      }
      int bodyLength = 0;
      for (int i = 0; i < segments; i++) {
        bodyLength += data[offset + HEADER + i] & 0xff;
      }
      int end = bodyStart + bodyLength;
      if (end > data.length) {
        throw new InvalidAudioException("Ogg page " + pages + " is truncated");
      }
      if (crc(data, offset, end) != buffer.getInt(offset + 22)) {
        throw new InvalidAudioException("Ogg page " + pages + " fails its CRC check");
      }
      if (pages == 0) {
        serial = pageSerial;
        preSkip = opusHead(data, bodyStart, bodyLength);
      } else if (pageSerial != serial) {
        throw new InvalidAudioException("the Ogg file holds more than one stream");
      }
      if (granule != -1) {
        lastGranule = granule;
      }
      int at = bodyStart;
      for (int i = 0; i < segments; i++) {
        int lacing = data[offset + HEADER + i] & 0xff;
        if (!packetOpen && lacing > 0) {
          int toc = data[at] & 0xff;
          // the byte after the TOC: a code-3 packet's frame count
          int second = lacing > 1 ? data[at + 1] & 0xff : -1;
          if (packets >= 2) {
            packetSamples += OpusPackets.samples(toc, second);
          }
        }
        packetOpen = lacing == 255;
        if (!packetOpen) {
          packets++;
        }
        at += lacing;
      }
      offset = end;
      pages++;
    }
    if (pages < 2 || lastGranule < 0) {
      throw new InvalidAudioException("the Ogg Opus stream has no audio pages");
    }
    // the longer of what the pages claim and what the packets hold: a granule position edited
    // down does not let a long clip pass the duration bound
    // (an encoder trims the last packet's padding with the granule position, up to 120 ms)
    long samples = Math.max(0, lastGranule - preSkip);
    if (packetSamples - preSkip > samples + MAX_PACKET) {
      samples = packetSamples - preSkip;
    }
    return samples * 1000 / SAMPLE_RATE;
  }

  /** The pre-skip of an OpusHead packet; any other first packet names the codec it is. */
  private static int opusHead(byte[] data, int start, int length) throws InvalidAudioException {
    String magic = new String(data, start, Math.min(8, length), StandardCharsets.ISO_8859_1);
    if (!magic.equals("OpusHead") || length < 19) {
      throw new InvalidAudioException(
          "the Ogg stream's codec is " + codecName(data, start, length) + ", not Opus");
    }
    if ((data[start + 8] & 0xf0) != 0) {
      throw new InvalidAudioException("OpusHead version " + data[start + 8] + " is not supported");
    }
    return (data[start + 10] & 0xff) | (data[start + 11] & 0xff) << 8;
  }

  private static String codecName(byte[] data, int start, int length) {
    String head = new String(data, start, Math.min(8, length), StandardCharsets.ISO_8859_1);
    if (head.startsWith("\u0001vorbis")) {
      return "Vorbis";
    }
    if (head.startsWith("Speex")) {
      return "Speex";
    }
    if (head.startsWith("\u007fFLAC")) {
      return "FLAC";
    }
    byte[] first = java.util.Arrays.copyOfRange(data, start, start + Math.min(8, length));
    return "unknown (its first packet starts with 0x" + AudioInspector.head(first) + ")";
  }

  // CRC-32 of Ogg: polynomial 0x04c11db7, not reflected, initial 0, computed with the CRC field
  // taken as zero
  private static final int[] TABLE = table();

  private static int crc(byte[] data, int start, int end) {
    int crc = 0;
    for (int i = start; i < end; i++) {
      int b = (i >= start + 22 && i < start + 26) ? 0 : data[i] & 0xff;
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b) & 0xff];
    }
    return crc;
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int j = 0; j < 8; j++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
      }
      table[i] = r;
    }
    return table;
  }

  /** Exposed for the test clips, which must carry valid CRCs. */
  static int checksum(byte[] page) {
    return crc(page, 0, page.length);
  }
}
