package dev.sundae.chat.audio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Opus in WebM (Matroska's EBML subset). Hand-written: the Java EBML readers on Maven Central are
 * unmaintained, and a voice clip needs a handful of elements. The DocType must be {@code webm}, the
 * one track an audio track with CodecID {@code A_OPUS}. The duration is the longer of the Segment's
 * Duration (absent in browsers' MediaRecorder output) and the end of the last block, whose length
 * comes from its Opus TOC byte. Segments and Clusters of unknown size (live recordings) are read to
 * the end of the data.
 */
final class WebmOpus {

  private static final int EBML = 0x1A45DFA3;
  private static final int DOC_TYPE = 0x4282;
  private static final int SEGMENT = 0x18538067;
  private static final int INFO = 0x1549A966;
  private static final int TIMECODE_SCALE = 0x2AD7B1;
  private static final int DURATION = 0x4489;
  private static final int TRACKS = 0x1654AE6B;
  private static final int TRACK_ENTRY = 0xAE;
  private static final int TRACK_TYPE = 0x83;
  private static final int CODEC_ID = 0x86;
  private static final int CLUSTER = 0x1F43B675;
  private static final int TIMECODE = 0xE7;
  private static final int SIMPLE_BLOCK = 0xA3;
  private static final int BLOCK_GROUP = 0xA0;
  private static final int BLOCK = 0xA1;
  private static final long UNKNOWN = -1;

  private final byte[] data;
  private int pos;
  private long timecodeScale = 1_000_000;
  private double declaredDuration = -1;
  private int audioTracks;
  private int otherTracks;
  private String codec;
  private long lastBlockEndNanos;

  private WebmOpus(byte[] data) {
    this.data = data;
  }

  static long durationMillis(byte[] data) throws InvalidAudioException {
    try {
      return new WebmOpus(data).read();
    } catch (IndexOutOfBoundsException e) {
      throw new InvalidAudioException("the WebM file is truncated", e);
    }
  }

  private long read() throws InvalidAudioException {
    if (readId() != EBML) {
      throw new InvalidAudioException("the file does not start with an EBML header");
    }
    long headerEnd = end(readSize());
    String docType = null;
    while (pos < headerEnd) {
      int id = readId();
      long size = readSize();
      if (id == DOC_TYPE) {
        docType = string(size);
      }
      pos = (int) end(size);
    }
    if (!"webm".equals(docType)) {
      throw new InvalidAudioException("the EBML DocType is " + docType + ", not webm");
    }
    if (readId() != SEGMENT) {
      throw new InvalidAudioException("the WebM file has no Segment after its header");
    }
    long segmentEnd = end(readSize());
    while (pos < segmentEnd) {
      int id = readId();
      long size = readSize();
      switch (id) {
        case INFO -> info(end(size));
        case TRACKS -> tracks(end(size));
        case CLUSTER -> cluster(size == UNKNOWN ? UNKNOWN : end(size));
        default -> pos = (int) end(size);
      }
    }
    if (audioTracks != 1 || otherTracks != 0) {
      throw new InvalidAudioException(
          "the WebM file has "
              + audioTracks
              + " audio and "
              + otherTracks
              + " other tracks; a voice message has one audio track");
    }
    if (!"A_OPUS".equals(codec)) {
      throw new InvalidAudioException("the WebM file's codec is " + codec + ", not Opus (A_OPUS)");
    }
    long declaredNanos = declaredDuration < 0 ? 0 : (long) (declaredDuration * timecodeScale);
    return Math.max(declaredNanos, lastBlockEndNanos) / 1_000_000;
  }

  private void info(long end) throws InvalidAudioException {
    while (pos < end) {
      int id = readId();
      long size = readSize();
      if (id == TIMECODE_SCALE) {
        timecodeScale = unsigned(size);
      } else if (id == DURATION) {
        declaredDuration =
            size == 4
                ? ByteBuffer.wrap(data, pos, 4).getFloat()
                : ByteBuffer.wrap(data, pos, 8).getDouble();
      }
      pos = (int) end(size);
    }
  }

  private void tracks(long end) throws InvalidAudioException {
    while (pos < end) {
      int id = readId();
      long size = readSize();
      long entryEnd = end(size);
      if (id != TRACK_ENTRY) {
        pos = (int) entryEnd;
        continue;
      }
      long type = 0;
      String entryCodec = null;
      while (pos < entryEnd) {
        int child = readId();
        long childSize = readSize();
        if (child == TRACK_TYPE) {
          type = unsigned(childSize);
        } else if (child == CODEC_ID) {
          entryCodec = string(childSize).trim();
        }
        pos = (int) end(childSize);
      }
      if (type == 2) {
        audioTracks++;
        codec = entryCodec;
      } else {
        otherTracks++;
      }
    }
  }

  // a Cluster of unknown size ends where an element that cannot be its child begins
  private void cluster(long end) throws InvalidAudioException {
    long clusterTimecode = 0;
    long limit = end == UNKNOWN ? data.length : end;
    while (pos < limit) {
      int start = pos;
      int id = readId();
      if (end == UNKNOWN && (id == CLUSTER || id == INFO || id == TRACKS || id > 0xFFFFFF)) {
        pos = start;
        return;
      }
      long size = readSize();
      long childEnd = end(size);
      if (id == TIMECODE) {
        clusterTimecode = unsigned(size);
      } else if (id == SIMPLE_BLOCK) {
        block(clusterTimecode, childEnd);
      } else if (id == BLOCK_GROUP) {
        while (pos < childEnd) {
          int child = readId();
          long childSize = readSize();
          if (child == BLOCK) {
            block(clusterTimecode, end(childSize));
          }
          pos = (int) end(childSize);
        }
      }
      pos = (int) childEnd;
    }
  }

  private void block(long clusterTimecode, long end) throws InvalidAudioException {
    readSize(); // the track number, a vint
    short relative = ByteBuffer.wrap(data, pos, 2).getShort();
    int flags = data[pos + 2] & 0xff;
    pos += 3;
    int laced = (flags >> 1) & 3;
    int frames = laced == 0 ? 1 : (data[pos] & 0xff) + 1;
    if (laced != 0) {
      pos++;
    }
    if (pos >= end) {
      throw new InvalidAudioException("a WebM block has no audio");
    }
    int toc = data[pos] & 0xff;
    int second = pos + 1 < end ? data[pos + 1] & 0xff : -1;
    long samples = (long) OpusPackets.samples(toc, second) * frames;
    long startNanos = (clusterTimecode + relative) * timecodeScale;
    lastBlockEndNanos = Math.max(lastBlockEndNanos, startNanos + samples * 1_000_000_000L / 48_000);
  }

  private int readId() throws InvalidAudioException {
    int first = data[pos] & 0xff;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > 4) {
      throw new InvalidAudioException("a WebM element id is invalid at byte " + pos);
    }
    int id = 0;
    for (int i = 0; i < length; i++) {
      id = (id << 8) | (data[pos++] & 0xff);
    }
    return id;
  }

  private long readSize() throws InvalidAudioException {
    int first = data[pos] & 0xff;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > 8) {
      throw new InvalidAudioException("a WebM element size is invalid at byte " + pos);
    }
    long value = first & (0xff >> length);
    boolean allOnes = value == (0xff >> length);
    pos++;
    for (int i = 1; i < length; i++) {
      int b = data[pos++] & 0xff;
      allOnes &= b == 0xff;
      value = (value << 8) | b;
    }
    return allOnes ? UNKNOWN : value;
  }

  private long end(long size) throws InvalidAudioException {
    if (size == UNKNOWN) {
      return data.length;
    }
    long end = pos + size;
    if (end > data.length) {
      throw new InvalidAudioException("the WebM file is truncated");
    }
    return end;
  }

  private long unsigned(long size) {
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = (value << 8) | (data[pos + i] & 0xff);
    }
    return value;
  }

  private String string(long size) {
    return new String(data, pos, (int) size, StandardCharsets.US_ASCII).replace("\0", "");
  }
}
