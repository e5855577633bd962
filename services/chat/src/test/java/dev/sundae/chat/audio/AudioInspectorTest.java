package dev.sundae.chat.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.testing.audio.Clips;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AudioInspectorTest {

  @Test
  void readsTheDurationOfOpusInOgg() throws Exception {
    AudioInfo info = AudioInspector.inspect(Clips.oggOpus(3_000), AudioFormat.OGG_OPUS);
    // the pre-skip (312 samples, 6.5 ms) is not heard
    assertThat(info.durationMillis()).isEqualTo(3_000);
    assertThat(AudioInspector.inspect(Clips.oggOpus(61_000), AudioFormat.OGG_OPUS).durationMillis())
        .isEqualTo(61_000);
  }

  @Test
  void readsTheDurationOfAacInMp4() throws Exception {
    // 93 frames of 1024 samples at 48 kHz
    AudioInfo info = AudioInspector.inspect(Clips.mp4Aac(2_000), AudioFormat.MP4_AAC);
    assertThat(info.durationMillis()).isEqualTo(93L * 1024 * 1000 / 48_000);
  }

  @Test
  void readsTheDurationOfOpusInWebmWithoutADurationElement() throws Exception {
    AudioInfo info = AudioInspector.inspect(Clips.webmOpus(4_000, "A_OPUS"), AudioFormat.WEBM_OPUS);
    assertThat(info.durationMillis()).isEqualTo(4_000);
  }

  @Test
  void refusesAnotherCodecInTheRightContainer() {
    assertThatThrownBy(() -> AudioInspector.inspect(Clips.oggVorbis(1_000), AudioFormat.OGG_OPUS))
        .isInstanceOf(InvalidAudioException.class)
        .hasMessage("the Ogg stream's codec is Vorbis, not Opus");
    assertThatThrownBy(
            () -> AudioInspector.inspect(Clips.webmOpus(1_000, "A_VORBIS"), AudioFormat.WEBM_OPUS))
        .hasMessage("the WebM file's codec is A_VORBIS, not Opus (A_OPUS)");
  }

  @Test
  void refusesTextAndAContainerOtherThanDeclared() {
    byte[] text = "Hello, this is not a voice message.\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AudioInspector.inspect(text, AudioFormat.OGG_OPUS))
        .hasMessage(
            "declared audio/ogg but the object is not an Ogg, WebM or MP4 file (it starts with 0x48656c6c6f2c2074)");
    assertThatThrownBy(() -> AudioInspector.inspect(Clips.mp4Aac(500), AudioFormat.OGG_OPUS))
        .hasMessage("declared audio/ogg but the object is a MP4 file");
  }

  @Test
  void refusesADamagedOggPage() {
    byte[] clip = Clips.oggOpus(1_000);
    clip[clip.length - 2] ^= 0x01;
    assertThatThrownBy(() -> AudioInspector.inspect(clip, AudioFormat.OGG_OPUS))
        .hasMessageMatching("Ogg page \\d+ fails its CRC check");
    byte[] truncated = java.util.Arrays.copyOf(Clips.oggOpus(1_000), 200);
    assertThatThrownBy(() -> AudioInspector.inspect(truncated, AudioFormat.OGG_OPUS))
        .hasMessageMatching("Ogg page \\d+ is truncated");
  }

  @Test
  void countsThePacketsWhenTheGranulePositionUnderstatesTheLength() throws Exception {
    byte[] clip = Clips.oggOpus(10_000);
    // the last page claims 1 s; its CRC is made right again, as an editing tool would
    int last = lastPage(clip);
    ByteBuffer page = ByteBuffer.wrap(clip).order(ByteOrder.LITTLE_ENDIAN);
    page.putLong(last + 6, 312 + 48_000);
    byte[] lastBytes = java.util.Arrays.copyOfRange(clip, last, clip.length);
    page.putInt(last + 22, OggOpus.checksum(lastBytes));
    // the packets' own length, padding of the last one included
    assertThat(AudioInspector.inspect(clip, AudioFormat.OGG_OPUS).durationMillis())
        .isBetween(10_000L, 10_020L);
  }

  @Test
  void knowsTheOpusFrameSizes() {
    assertThat(OpusPackets.samples(9 << 3, -1)).isEqualTo(960); // SILK WB 20 ms
    assertThat(OpusPackets.samples(31 << 3, -1)).isEqualTo(960); // CELT FB 20 ms
    assertThat(OpusPackets.samples((16 << 3) | 1, -1)).isEqualTo(240); // CELT 2.5 ms, two frames
    assertThat(OpusPackets.samples((11 << 3) | 3, 3)).isEqualTo(3 * 2880); // 3 x 60 ms
  }

  private static int lastPage(byte[] clip) {
    for (int i = clip.length - 4; i >= 0; i--) {
      if (clip[i] == 'O' && clip[i + 1] == 'g' && clip[i + 2] == 'g' && clip[i + 3] == 'S') {
        return i;
      }
    }
    throw new IllegalStateException("no page");
  }
}
