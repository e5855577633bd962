package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What an Environment should look like. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentSpec {

  /** Where the Environment's workloads run. */
  public enum Runtime {
    /** Gateway, inference and chat run as Deployments in the cluster. */
    @JsonProperty("kubernetes")
    KUBERNETES,
    /** Only data resources are provisioned; workloads run outside, e.g. as local processes. */
    @JsonProperty("external")
    EXTERNAL
  }

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @Size(max = 63)
  @JsonPropertyDescription(
      "Namespace (a DNS-1123 label) that holds the Environment's Tenants and shared workloads.")
  private String namespace;

  @Default("kubernetes")
  @JsonPropertyDescription(
      "Where workloads run: 'kubernetes' (in the cluster) or 'external' (the operator provisions"
          + " data resources only; workloads run outside the cluster as local processes).")
  private Runtime runtime;

  @Required
  @JsonPropertyDescription("The S3-compatible object store that holds the tenants' buckets.")
  private ObjectStoreSpec objectStore;

  @Default("{}")
  @JsonPropertyDescription("The SQS-compatible queue service that holds the tenants' queues.")
  private QueueServiceSpec queue;

  @Required
  @JsonPropertyDescription("The PostgreSQL database that holds one schema and role per tenant.")
  private DatabaseSpec database;

  @JsonPropertyDescription("OIDC issuers whose tokens the Environment's services may accept.")
  private TrustSpec identity;

  @Default("{}")
  @JsonPropertyDescription("Settings for Tenants that leave them out of their own spec.")
  private TenantDefaultsSpec tenantDefaults;

  @JsonPropertyDescription("Container images of the workloads (runtime 'kubernetes' only).")
  private ImagesSpec images;

  @JsonPropertyDescription(
      "Egress of the Tenants' pods (runtime 'kubernetes' only): besides DNS, their own namespace,"
          + " public addresses and the backends named here, only these ranges.")
  private NetworkSpec network;

  @JsonPropertyDescription(
      "TLS of the services callers reach (runtime 'kubernetes' only): the gateway and each"
          + " tenant's chat serve HTTPS with certificates the operator issues from this CA, renews"
          + " 30 days before they expire and rolls the pods onto.")
  private TlsSpec tls;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Runtime getRuntime() {
    return runtime;
  }

  public void setRuntime(Runtime runtime) {
    this.runtime = runtime;
  }

  public ObjectStoreSpec getObjectStore() {
    return objectStore;
  }

  public void setObjectStore(ObjectStoreSpec objectStore) {
    this.objectStore = objectStore;
  }

  public QueueServiceSpec getQueue() {
    return queue;
  }

  public void setQueue(QueueServiceSpec queue) {
    this.queue = queue;
  }

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public TrustSpec getIdentity() {
    return identity;
  }

  public void setIdentity(TrustSpec identity) {
    this.identity = identity;
  }

  public TenantDefaultsSpec getTenantDefaults() {
    return tenantDefaults;
  }

  public void setTenantDefaults(TenantDefaultsSpec tenantDefaults) {
    this.tenantDefaults = tenantDefaults;
  }

  public ImagesSpec getImages() {
    return images;
  }

  public void setImages(ImagesSpec images) {
    this.images = images;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public NetworkSpec getNetwork() {
    return network;
  }

  public void setNetwork(NetworkSpec network) {
    this.network = network;
  }
}
