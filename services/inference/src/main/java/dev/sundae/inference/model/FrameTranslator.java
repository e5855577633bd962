package dev.sundae.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.sundae.inference.frame.FrameBatch;

/**
 * Hands a whole {@link FrameBatch} to the model in one forward pass and copies the scores out.
 * Every NDArray lives in the predictor context's manager, which DJL closes after each call, so no
 * native memory outlives a batch.
 */
final class FrameTranslator implements NoBatchifyTranslator<FrameBatch, float[][]> {

  @Override
  public NDList processInput(TranslatorContext ctx, FrameBatch batch) {
    Shape shape = new Shape(batch.size(), 3, FrameBatch.SIZE, FrameBatch.SIZE);
    // the batch's direct buffer is wrapped, not copied
    NDArray frames = ctx.getNDManager().create(batch.tensorBytes(), shape, DataType.FLOAT32);
    return new NDList(frames);
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    NDArray output = list.singletonOrThrow();
    long[] shape = output.getShape().getShape();
    if (shape.length != 2) {
      throw new IllegalStateException("the model returned shape " + output.getShape());
    }
    float[] flat = output.toFloatArray();
    int frames = (int) shape[0];
    int width = (int) shape[1];
    float[][] scores = new float[frames][];
    for (int i = 0; i < frames; i++) {
      scores[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return scores;
  }
}
