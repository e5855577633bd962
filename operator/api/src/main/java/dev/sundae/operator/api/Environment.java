package dev.sundae.operator.api;

import dev.sundae.operator.api.schema.SchemaPatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One replica of the platform (dev, test, prod): where its tenants live and which object store,
 * queue service, database and identity providers they use.
 */
@Group(SundaeApi.GROUP)
@Version(SundaeApi.VERSION)
@ShortNames("env")
// metadata.name is declared so that the name rules below may point at it (fieldPath)
@SchemaCustomizer(
    value = SchemaPatch.class,
    input =
        """
        {"description": "One replica of the Sundae platform (dev, test, prod): its namespace and \
        the object store, queue service, database and identity providers its Tenants use.",
         "properties": {
           "metadata": {"type": "object", "properties": {"name": {"type": "string"}}},
           "spec": {"description": "What the Environment should look like."},
           "status": {"description": "What the operator last observed of the Environment."}}}
        """)
@ValidationRule(
    value = "self.metadata.name.size() <= " + SundaeApi.ENVIRONMENT_NAME_MAX_LENGTH,
    message = "Environment name must be at most 15 characters",
    fieldPath = ".metadata.name")
@ValidationRule(
    value = "self.metadata.name.matches('" + SundaeApi.ENVIRONMENT_NAME_PATTERN + "')",
    message =
        "Environment name must consist of lowercase letters and digits and start with a letter"
            + " ('-' would make tenant names ambiguous)",
    fieldPath = ".metadata.name")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".spec.namespace", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Tenants Ready",
    jsonPath = ".status.tenantsReady",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Environment extends CustomResource<EnvironmentSpec, EnvironmentStatus> {}
