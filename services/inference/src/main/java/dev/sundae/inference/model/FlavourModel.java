package dev.sundae.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.sundae.inference.frame.FrameBatch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One loaded version of a TorchScript flavour model with its labels. It owns one {@link Predictor},
 * which is not thread-safe: a FlavourModel serves one worker thread.
 *
 * <p>The contract of a model: input {@code N x 3 x 224 x 224} float RGB, ImageNet-normalised;
 * output {@code N x L}, one score per line of the labels file, higher is better.
 */
public final class FlavourModel implements AutoCloseable {

  private final ZooModel<FrameBatch, float[][]> model;
  private final Predictor<FrameBatch, float[][]> predictor;
  private final List<String> labels;
  private final String version;

  private FlavourModel(ZooModel<FrameBatch, float[][]> model, List<String> labels, String version) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.labels = labels;
    this.version = version;
  }

  /**
   * Loads {@code files} and checks with one blank frame that the model answers one score per label;
   * that first forward pass also warms the engine up.
   */
  public static FlavourModel load(ModelFiles files, String version) throws IOException {
    List<String> labels =
        Files.readAllLines(files.labels()).stream()
            .map(String::trim)
            .filter(l -> !l.isEmpty())
            .toList();
    Criteria<FrameBatch, float[][]> criteria =
        Criteria.builder()
            .setTypes(FrameBatch.class, float[][].class)
            .optEngine("PyTorch")
            .optModelPath(files.model().getParent())
            .optModelName(modelName(files.model()))
            .optTranslator(new FrameTranslator())
            .build();
    FlavourModel loaded;
    try {
      loaded = new FlavourModel(criteria.loadModel(), labels, version);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw new IOException("cannot load the model " + files.model() + ": " + e.getMessage(), e);
    }
    try {
      FrameBatch blank = new FrameBatch(1);
      blank.add(new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR));
      int outputs = loaded.scores(blank)[0].length;
      if (outputs != labels.size()) {
        throw new IOException(
            "the model has "
                + outputs
                + " outputs but its labels file "
                + labels.size()
                + " lines");
      }
      return loaded;
    } catch (IOException | RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  private static String modelName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
  }

  /** One row of scores per frame of {@code batch}, in one forward pass. */
  public float[][] scores(FrameBatch batch) {
    try {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw new IllegalStateException("the model failed on a batch of " + batch.size(), e);
    }
  }

  public List<String> labels() {
    return labels;
  }

  /** What the worker records as model_version: the configured version and the file's digest. */
  public String version() {
    return version;
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
