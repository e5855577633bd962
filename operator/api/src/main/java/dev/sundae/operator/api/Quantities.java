package dev.sundae.operator.api;

/**
 * The admission rule of every Kubernetes quantity in the CRDs. The schema types a quantity as
 * int-or-string, which alone lets {@code cpu: lots} through to fail later in the operator; this CEL
 * rule (the API server's quantity library) refuses it, and zero or negative amounts, when the
 * resource is written.
 */
final class Quantities {

  static final String POSITIVE_RULE =
      "type(self) == int ? self > 0 : isQuantity(self) && quantity(self).isGreaterThan(quantity('0'))";

  static final String POSITIVE_MESSAGE =
      "must be a positive Kubernetes quantity, e.g. 500m, 2 or 512Mi";

  private Quantities() {}
}
