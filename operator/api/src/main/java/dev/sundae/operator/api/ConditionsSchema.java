package dev.sundae.operator.api;

/**
 * Schema patches for a status' {@code conditions}, which the CRD generator cannot express: a list
 * keyed by type, as Kubernetes API conventions ask, so that server-side apply merges conditions one
 * type at a time.
 */
final class ConditionsSchema {

  static final String LIST_MAP_BY_TYPE =
      """
      {"properties": {"conditions": {
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["type"],
        "items": {"required": ["type", "status"]}
      }}}
      """;

  private ConditionsSchema() {}
}
