package dev.sundae.testing.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mp4parser.Container;
import org.mp4parser.muxer.MemoryDataSourceImpl;
import org.mp4parser.muxer.Movie;
import org.mp4parser.muxer.builder.DefaultMp4Builder;
import org.mp4parser.muxer.tracks.AACTrackImpl;

/**
 * Audio clips written in code, structurally valid (pages, headers, boxes, elements and TOC bytes as
 * a real encoder writes them) with payloads that are not real sound: the service reads containers,
 * it never decodes audio. No encoder is needed to build or run the tests.
 */
public final class Clips {

  /** Opus TOC: config 9 (SILK wideband, 20 ms), mono, one frame. */
  private static final int OPUS_TOC_20MS = 9 << 3;

  private static final int OPUS_PRE_SKIP = 312;

  private Clips() {}

  /** Opus in Ogg: OpusHead, OpusTags, then 20 ms packets, 50 to a page. */
  public static byte[] oggOpus(long millis) {
    return ogg(opusHead(), millis);
  }

  /** Vorbis in Ogg: a real Vorbis identification header where OpusHead would be. */
  public static byte[] oggVorbis(long millis) {
    ByteBuffer head = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 1).put("vorbis".getBytes(StandardCharsets.US_ASCII));
    head.putInt(0).put((byte) 1).putInt(48_000).putInt(0).putInt(96_000).putInt(0);
    head.put((byte) 0xb8).put((byte) 1);
    return ogg(head.array(), millis);
  }

  private static byte[] ogg(byte[] firstPacket, long millis) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int serial = 0x5eed;
    int sequence = 0;
    page(out, 0x02, 0, serial, sequence++, List.of(firstPacket));
    byte[] tags =
        ByteBuffer.allocate(8 + 4 + 6 + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put("OpusTags".getBytes(StandardCharsets.US_ASCII))
            .putInt(6)
            .put("sundae".getBytes(StandardCharsets.US_ASCII))
            .putInt(0)
            .array();
    page(out, 0, 0, serial, sequence++, List.of(tags));
    // as an encoder writes it: the packets hold the pre-skip and the clip, padded to whole
    // packets; the last granule position cuts the padding off
    long end = OPUS_PRE_SKIP + millis * 48;
    long packets = (end + 959) / 960;
    long granule = 0;
    List<byte[]> pending = new ArrayList<>();
    for (long i = 0; i < packets; i++) {
      pending.add(new byte[] {(byte) OPUS_TOC_20MS, (byte) i, 0x55, 0x2a});
      granule = Math.min(end, granule + 960);
      if (pending.size() == 50 || i == packets - 1) {
        page(out, i == packets - 1 ? 0x04 : 0, granule, serial, sequence++, pending);
        pending = new ArrayList<>();
      }
    }
    return out.toByteArray();
  }

  private static void page(
      ByteArrayOutputStream out,
      int flags,
      long granule,
      int serial,
      int sequence,
      List<byte[]> packets) {
    ByteArrayOutputStream lacing = new ByteArrayOutputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] packet : packets) {
      int left = packet.length;
      while (left >= 255) {
        lacing.write(255);
        left -= 255;
      }
      lacing.write(left);
      body.writeBytes(packet);
    }
    ByteBuffer page =
        ByteBuffer.allocate(27 + lacing.size() + body.size()).order(ByteOrder.LITTLE_ENDIAN);
    page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags);
    page.putLong(granule).putInt(serial).putInt(sequence).putInt(0);
    page.put((byte) lacing.size()).put(lacing.toByteArray()).put(body.toByteArray());
    byte[] bytes = page.array();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, oggCrc(bytes));
    out.writeBytes(bytes);
  }

  private static byte[] opusHead() {
    return ByteBuffer.allocate(19)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put("OpusHead".getBytes(StandardCharsets.US_ASCII))
        .put((byte) 1)
        .put((byte) 1)
        .putShort((short) OPUS_PRE_SKIP)
        .putInt(48_000)
        .putShort((short) 0)
        .put((byte) 0)
        .array();
  }

  // Ogg's CRC-32 (RFC 3533): polynomial 0x04c11db7, MSB first, no reflection, initial 0
  private static int oggCrc(byte[] page) {
    int crc = 0;
    for (byte b : page) {
      crc ^= (b & 0xff) << 24;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
      }
    }
    return crc;
  }

  /** AAC-LC in MP4, 48 kHz mono, muxed by mp4parser from ADTS frames of 1024 samples. */
  public static byte[] mp4Aac(long millis) {
    ByteArrayOutputStream adts = new ByteArrayOutputStream();
    long frames = millis * 48_000 / 1000 / 1024;
    byte[] payload = {0x21, 0x10, 0x04, 0x60, (byte) 0x8c, 0x1c};
    for (long i = 0; i < frames; i++) {
      int length = 7 + payload.length;
      adts.write(0xff);
      adts.write(0xf1); // MPEG-4, layer 0, no CRC
      adts.write(
          (1 << 6) | (3 << 2)); // profile LC (1), 48 kHz (index 3), channel config high bit 0
      adts.write((1 << 6) | ((length >> 11) & 0x3)); // channel config 1, frame length
      adts.write((length >> 3) & 0xff);
      adts.write(((length & 0x7) << 5) | 0x1f); // buffer fullness 0x7ff
      adts.write(0xfc); // one raw data block
      adts.writeBytes(payload);
    }
    try {
      Movie movie = new Movie();
      movie.addTrack(new AACTrackImpl(new MemoryDataSourceImpl(adts.toByteArray())));
      Container mp4 = new DefaultMp4Builder().build(movie);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      mp4.writeContainer(Channels.newChannel(out));
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opus in WebM as a browser's MediaRecorder writes it: no Duration, sizes known. */
  public static byte[] webmOpus(long millis, String codecId) {
    byte[] header = element(0x1A45DFA3, concat(element(0x4282, ascii("webm"))));
    byte[] info = element(0x1549A966, element(0x2AD7B1, new byte[] {0x0f, 0x42, 0x40}));
    byte[] track =
        element(
            0xAE,
            concat(
                element(0xD7, new byte[] {1}),
                element(0x83, new byte[] {2}),
                element(0x86, ascii(codecId))));
    byte[] tracks = element(0x1654AE6B, track);
    ByteArrayOutputStream cluster = new ByteArrayOutputStream();
    cluster.writeBytes(element(0xE7, new byte[] {0}));
    for (long t = 0; t + 20 <= millis; t += 20) {
      if (t > 30_000) {
        // a new cluster every 30 s: block timecodes are 16-bit
        throw new IllegalArgumentException("clips over 30 s are not needed here");
      }
      byte[] block = {(byte) 0x81, (byte) (t >> 8), (byte) t, (byte) 0x80, (byte) OPUS_TOC_20MS, 1};
      cluster.writeBytes(element(0xA3, block));
    }
    byte[] segment =
        element(0x18538067, concat(info, tracks, element(0x1F43B675, cluster.toByteArray())));
    return concat(header, segment);
  }

  /** An EBML element with an 8-byte size. */
  private static byte[] element(int id, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int shift = 24; shift >= 0; shift -= 8) {
      if ((id >>> shift) != 0 || shift == 0) {
        out.write((id >>> shift) & 0xff);
      }
    }
    long size = body.length;
    out.write(0x01);
    for (int shift = 48; shift >= 0; shift -= 8) {
      out.write((int) (size >>> shift) & 0xff);
    }
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
