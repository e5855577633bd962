package dev.sundae.chat.audio;

/**
 * The duration of an Opus packet from its TOC byte (RFC 6716 section 3.1), without decoding it: the
 * containers' own durations are claims of the uploader, the packets are what a player plays.
 */
final class OpusPackets {

  private OpusPackets() {}

  /**
   * The packet's duration in 48 kHz samples; {@code second} is the byte after the TOC (frame count
   * of a code-3 packet), or -1 when the packet has none.
   */
  static int samples(int toc, int second) {
    int config = (toc >> 3) & 0x1f;
    int frame;
    if (config < 12) {
      // SILK: 10, 20, 40, 60 ms
      frame = new int[] {480, 960, 1920, 2880}[config & 3];
    } else if (config < 16) {
      // hybrid: 10, 20 ms
      frame = (config & 1) == 0 ? 480 : 960;
    } else {
      // CELT: 2.5, 5, 10, 20 ms
      frame = new int[] {120, 240, 480, 960}[config & 3];
    }
    int frames =
        switch (toc & 3) {
          case 0 -> 1;
          case 1, 2 -> 2;
          default -> second < 0 ? 0 : second & 0x3f;
        };
    return frame * frames;
  }
}
