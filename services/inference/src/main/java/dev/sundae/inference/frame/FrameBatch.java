package dev.sundae.inference.frame;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Frames ready for the model: each resized to 224x224 (squashed, not cropped, so the whole frame
 * counts) and written as ImageNet-normalised float RGB planes (N x 3 x 224 x 224) into one direct
 * buffer, which the PyTorch engine reads in place. Reused from batch to batch; not thread-safe.
 */
public final class FrameBatch {

  public static final int SIZE = 224;
  public static final int PIXELS = SIZE * SIZE;
  public static final int FRAME_FLOATS = 3 * PIXELS;

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  // (value / 255 - mean) / std for every byte value, per channel: one lookup per sample
  private static final float[][] NORMALISED = normalisationTables();

  private final ByteBuffer bytes;
  private final FloatBuffer floats;
  private final int capacity;
  private final BufferedImage scratch = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
  private int size;

  public FrameBatch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a batch holds at least one frame, not " + capacity);
    }
    this.capacity = capacity;
    // exact: an int overflow here once made a huge capacity look small
    this.bytes =
        ByteBuffer.allocateDirect(Math.multiplyExact(capacity, FRAME_FLOATS * Float.BYTES));
    this.bytes.order(ByteOrder.nativeOrder());
    this.floats = bytes.asFloatBuffer();
  }

  /** Adds a frame and returns its index in the batch. */
  public int add(BufferedImage image) {
    if (size == capacity) {
      throw new IllegalStateException("batch is full: " + capacity + " frames");
    }
    byte[] bgr = packedBgr(image);
    int base = size * FRAME_FLOATS;
    float[] red = NORMALISED[0];
    float[] green = NORMALISED[1];
    float[] blue = NORMALISED[2];
    for (int i = 0, p = 0; i < PIXELS; i++, p += 3) {
      floats.put(base + i, red[bgr[p + 2] & 0xff]);
      floats.put(base + PIXELS + i, green[bgr[p + 1] & 0xff]);
      floats.put(base + 2 * PIXELS + i, blue[bgr[p] & 0xff]);
    }
    return size++;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  public void clear() {
    size = 0;
  }

  /** The frames added so far, as native-order float32 bytes, shape {@code size x 3 x 224 x 224}. */
  public ByteBuffer tensorBytes() {
    return bytes.slice(0, size * FRAME_FLOATS * Float.BYTES).order(ByteOrder.nativeOrder());
  }

  // A 224x224 decoded JPEG is already packed BGR and is read as is; anything else is drawn once
  // into the scratch image: scaled, colour-converted, transparency laid on white.
  private byte[] packedBgr(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getWidth() == SIZE
        && image.getHeight() == SIZE
        && image.getRaster().getParent() == null) {
      byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      if (data.length == PIXELS * 3) {
        return data;
      }
    }
    Graphics2D g = scratch.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, SIZE, SIZE);
      g.drawImage(image, 0, 0, SIZE, SIZE, null);
    } finally {
      g.dispose();
    }
    return ((DataBufferByte) scratch.getRaster().getDataBuffer()).getData();
  }

  private static float[][] normalisationTables() {
    float[][] tables = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int v = 0; v < 256; v++) {
        tables[c][v] = (v / 255f - MEAN[c]) / STD[c];
      }
    }
    return tables;
  }
}
