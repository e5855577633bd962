package dev.sundae.inference.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A tenant's flavour catalogue seen through a model's labels: which output scores which flavour. A
 * catalogue flavour the model does not know gets no score; a model output outside the catalogue is
 * never recommended.
 */
public final class Catalogue {

  private final int[] outputs;
  private final String[] flavours;
  private final List<String> unknown;

  private Catalogue(int[] outputs, String[] flavours, List<String> unknown) {
    this.outputs = outputs;
    this.flavours = flavours;
    this.unknown = unknown;
  }

  /**
   * Matches catalogue names to labels ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException when the model knows none of the catalogue's flavours
   */
  public static Catalogue of(List<String> labels, List<String> catalogue) {
    Map<String, Integer> outputOf = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      if (outputOf.putIfAbsent(normal(labels.get(i)), i) != null) {
        throw new IllegalArgumentException("the labels file names " + labels.get(i) + " twice");
      }
    }
    List<Integer> outputs = new ArrayList<>();
    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String flavour : new LinkedHashSet<>(catalogue)) {
      Integer output = outputOf.get(normal(flavour));
      if (output == null) {
        unknown.add(flavour);
      } else {
        outputs.add(output);
        known.add(flavour.trim());
      }
    }
    if (known.isEmpty()) {
      throw new IllegalArgumentException(
          "the model knows none of the catalogue's flavours " + catalogue + "; it knows " + labels);
    }
    return new Catalogue(
        outputs.stream().mapToInt(Integer::intValue).toArray(),
        known.toArray(String[]::new),
        List.copyOf(unknown));
  }

  /** The {@code n} best catalogue flavours for one frame's scores, best first. */
  public List<RankedFlavour> top(float[] scores, int n) {
    // a stable sort: of two equal scores, the flavour listed first in the catalogue wins
    List<Integer> best =
        IntStream.range(0, outputs.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> scores[outputs[i]]).reversed())
            .limit(n)
            .toList();
    List<RankedFlavour> ranked = new ArrayList<>(best.size());
    for (int i : best) {
      ranked.add(new RankedFlavour(ranked.size() + 1, flavours[i], scores[outputs[i]]));
    }
    return ranked;
  }

  /** Every catalogue flavour the model scores, best first. */
  public List<RankedFlavour> ranking(float[] scores) {
    return top(scores, outputs.length);
  }

  /** Catalogue flavours the model has no output for. */
  public List<String> unknown() {
    return unknown;
  }

  private static String normal(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
