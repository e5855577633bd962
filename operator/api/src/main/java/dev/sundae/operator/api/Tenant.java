package dev.sundae.operator.api;

import dev.sundae.operator.api.schema.SchemaPatch;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An ice-cream chain served by one Environment. It lives in its Environment's namespace, so the
 * same tenant name can exist in dev and in prod.
 */
@Group(SundaeApi.GROUP)
@Version(SundaeApi.VERSION)
@ShortNames("tn")
// metadata.name is declared so that the name rules below may point at it (fieldPath)
@SchemaCustomizer(
    value = SchemaPatch.class,
    input =
        """
        {"description": "An ice-cream chain served by a Sundae Environment. Create it in the \
        Environment's namespace; the operator provisions its namespace, bucket, queues, database \
        schema and workloads.",
         "properties": {
           "metadata": {"type": "object", "properties": {"name": {"type": "string"}}},
           "spec": {"description": "What the Tenant should get."},
           "status": {"description": "What the operator last observed, and how to reach the \
        Tenant's resources."}}}
        """)
@ValidationRule(
    value = "self.metadata.name.size() <= " + SundaeApi.TENANT_NAME_MAX_LENGTH,
    message = "Tenant name must be at most 30 characters",
    fieldPath = ".metadata.name")
@ValidationRule(
    value = "self.metadata.name.matches('" + SundaeApi.NAME_PATTERN + "')",
    message =
        "Tenant name must consist of lowercase letters, digits and '-',"
            + " start with a letter and end with a letter or digit",
    fieldPath = ".metadata.name")
// S3 reserves these in bucket names, and the tenant name ends the bucket name
@ValidationRule(
    value = "!self.metadata.name.contains('--') && !self.metadata.name.endsWith('-s3alias')",
    message =
        "Tenant name must not contain '--' or end with '-s3alias' (reserved in S3 bucket names)",
    fieldPath = ".metadata.name")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Environment", jsonPath = ".status.environment", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".status.model.serving", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Candidate",
    jsonPath = ".status.model.candidate.phase",
    type = Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class Tenant extends CustomResource<TenantSpec, TenantStatus> implements Namespaced {}
