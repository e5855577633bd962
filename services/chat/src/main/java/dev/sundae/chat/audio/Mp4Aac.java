package dev.sundae.chat.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.SampleDescriptionBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.boxes.sampleentry.AudioSampleEntry;
import org.mp4parser.boxes.sampleentry.SampleEntry;

/**
 * AAC in MP4, read with mp4parser's isoparser: exactly one track, a sound track whose sample entry
 * is {@code mp4a} with an MPEG-4 or MPEG-2 AAC object type; the duration is the track's media
 * duration over its timescale.
 */
final class Mp4Aac {

  // ISO/IEC 14496-1 objectTypeIndication: MPEG-4 audio, MPEG-2 AAC Main/LC/SSR
  private static final List<Integer> AAC = List.of(0x40, 0x66, 0x67, 0x68);

  private Mp4Aac() {}

  static long durationMillis(byte[] data) throws InvalidAudioException {
    try (IsoFile file = new IsoFile(Channels.newChannel(new ByteArrayInputStream(data)))) {
      MovieBox movie = file.getMovieBox();
      if (movie == null) {
        throw new InvalidAudioException("the MP4 file has no movie box (moov)");
      }
      List<TrackBox> tracks = movie.getBoxes(TrackBox.class);
      if (tracks.size() != 1) {
        throw new InvalidAudioException(
            "the MP4 file has " + tracks.size() + " tracks; a voice message has one audio track");
      }
      MediaBox media = tracks.get(0).getMediaBox();
      if (media == null
          || media.getHandlerBox() == null
          || !"soun".equals(media.getHandlerBox().getHandlerType())) {
        throw new InvalidAudioException("the MP4 file's track is not a sound track");
      }
      SampleDescriptionBox descriptions =
          media.getMediaInformationBox().getSampleTableBox().getSampleDescriptionBox();
      SampleEntry entry = descriptions == null ? null : descriptions.getSampleEntry();
      if (!(entry instanceof AudioSampleEntry audio) || !"mp4a".equals(audio.getType())) {
        throw new InvalidAudioException(
            "the MP4 file's codec is "
                + (entry == null ? "missing" : entry.getType())
                + ", not AAC (mp4a)");
      }
      ESDescriptorBox esds =
          audio.getBoxes(ESDescriptorBox.class).stream().findFirst().orElse(null);
      int objectType =
          esds == null || esds.getEsDescriptor() == null
              ? -1
              : esds.getEsDescriptor().getDecoderConfigDescriptor().getObjectTypeIndication();
      if (!AAC.contains(objectType)) {
        throw new InvalidAudioException(
            "the MP4 file's mp4a track is not AAC (object type 0x"
                + Integer.toHexString(objectType)
                + ")");
      }
      MediaHeaderBox header = media.getMediaHeaderBox();
      if (header == null || header.getTimescale() <= 0) {
        throw new InvalidAudioException("the MP4 file's track has no timescale");
      }
      // the longer of the header's claim and the samples' own durations: an edited header does
      // not let a long clip pass the duration bound
      long samples = 0;
      TimeToSampleBox times =
          media.getMediaInformationBox().getSampleTableBox().getTimeToSampleBox();
      if (times != null) {
        for (TimeToSampleBox.Entry time : times.getEntries()) {
          samples += time.getCount() * time.getDelta();
        }
      }
      return Math.max(header.getDuration(), samples) * 1000 / header.getTimescale();
    } catch (IOException | RuntimeException e) {
      throw new InvalidAudioException("the MP4 file cannot be read: " + e.getMessage(), e);
    }
  }
}
