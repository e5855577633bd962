package dev.sundae.operator.environment;

import dev.sundae.operator.database.TenantDatabase;
import dev.sundae.operator.queue.QueueService;
import dev.sundae.operator.storage.ObjectStore;
import dev.sundae.tenancy.TrustedCas;
import java.util.Optional;

/**
 * The external services of one Environment, built from its spec and its Secrets.
 *
 * @param objectStore the object store with administrator rights
 * @param queues the SQS-compatible queue service
 * @param database the PostgreSQL server, reached as a role that may create roles and schemas
 * @param jdbcUrl the database's JDBC URL, handed to tenant workloads
 * @param trustedCas PEM certificates of the CAs that sign the backends' certificates, beyond the
 *     JDK's: what the operator trusts, handed to every workload ({@link TrustedCas#VARIABLE})
 */
public record EnvironmentBackends(
    ObjectStore objectStore,
    QueueService queues,
    TenantDatabase database,
    String jdbcUrl,
    Optional<String> trustedCas) {}
