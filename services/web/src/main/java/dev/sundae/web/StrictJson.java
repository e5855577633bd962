package dev.sundae.web;

import java.util.List;
import java.util.Map;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies read as the OpenAPI specs type them: a JSON value of another type is the caller's
 * mistake (400 {@code malformed-body}), never converted. Jackson by default turns {@code false}
 * into the string {@code "false"}, {@code 0} into {@code false}, {@code "12"} into 12 and {@code
 * ""} into null, so a request the spec calls invalid was accepted (found by the contract fuzzer's
 * negative_data_rejection check). A whole number still reads as a decimal: JSON has one number
 * type.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

  /** The JSON shapes each kind of value refuses (Jackson would convert them). */
  private static final Map<LogicalType, List<CoercionInputShape>> REFUSED =
      Map.of(
          LogicalType.Textual,
          List.of(CoercionInputShape.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float),
          LogicalType.Boolean,
          List.of(
              CoercionInputShape.Integer,
              CoercionInputShape.String,
              CoercionInputShape.EmptyString),
          LogicalType.Integer,
          List.of(
              CoercionInputShape.String,
              CoercionInputShape.EmptyString,
              CoercionInputShape.Boolean,
              CoercionInputShape.Float),
          LogicalType.Float,
          List.of(
              CoercionInputShape.String,
              CoercionInputShape.EmptyString,
              CoercionInputShape.Boolean));

  @Bean
  JsonMapperBuilderCustomizer strictScalars() {
    return builder -> {
      // "" is no number, boolean, time or object either (Jackson made it null)
      builder.withCoercionConfigDefaults(
          c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
      REFUSED.forEach(
          (type, shapes) ->
              builder.withCoercionConfig(
                  type, c -> shapes.forEach(shape -> c.setCoercion(shape, CoercionAction.Fail))));
    };
  }
}
