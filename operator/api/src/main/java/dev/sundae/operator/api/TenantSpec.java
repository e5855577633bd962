package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sundae.operator.api.schema.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What a Tenant should get. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// the generator has no annotation for list topology: flavours are a map keyed by name, so that
// the API server refuses two flavours with the same name
@SchemaCustomizer(
    value = SchemaPatch.class,
    input =
        """
        {"properties": {"flavours": {
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"]
        }}}
        """)
public class TenantSpec {

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription("Name of the chain as people read it, e.g. 'Acme Ice Cream'.")
  private String displayName;

  @Required
  @Size(min = 3, max = 200)
  @JsonPropertyDescription(
      "The flavour catalogue recommendations are drawn from: 3 to 200 flavours, names unique.")
  private List<Flavour> flavours;

  @Required
  @JsonPropertyDescription("The recommendation model and the workers that serve it.")
  private InferenceSpec inference;

  @Default("{}")
  @JsonPropertyDescription(
      "The control arm: a share of register sessions shown the chain's best sellers instead of"
          + " the model, to measure the model's uplift.")
  private HoldoutSpec holdout;

  @Default("{}")
  @JsonPropertyDescription(
      "The learning policy: the model's candidates re-ranked from the chain's purchases, with a"
          + " bounded exploration share.")
  private LearningSpec learning;

  @Default("{}")
  @JsonPropertyDescription("The audio community chat.")
  private ChatSpec chat;

  @Default("{}")
  @JsonPropertyDescription("The tenant's bucket: retention, cold tier and deletion policy.")
  private StorageSpec storage;

  @Default("{}")
  @JsonPropertyDescription("The tenant's queue of uploaded frames and its dead-letter queue.")
  private QueueSpec queue;

  @Required
  @JsonPropertyDescription("The OIDC issuer whose tokens the tenant's registers and members use.")
  private IdentitySpec identity;

  @JsonPropertyDescription("Caps on the tenant namespace; empty for the Environment's defaults.")
  private QuotaSpec quota;

  @Pattern("^[0-9a-fA-F-]{1,64}$")
  @JsonPropertyDescription(
      "The UID of a deleted Tenant whose retained bucket and schema (deletionPolicy: Retain) this"
          + " one takes over. Without it, a bucket or schema marked as another Tenant's is refused"
          + " (condition reason AdoptionRefused), so a new Tenant reusing a name is never handed"
          + " the data of the old one.")
  private String adoptFrom;

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<Flavour> getFlavours() {
    return flavours;
  }

  public void setFlavours(List<Flavour> flavours) {
    this.flavours = flavours;
  }

  public InferenceSpec getInference() {
    return inference;
  }

  public void setInference(InferenceSpec inference) {
    this.inference = inference;
  }

  public HoldoutSpec getHoldout() {
    return holdout;
  }

  public void setHoldout(HoldoutSpec holdout) {
    this.holdout = holdout;
  }

  public LearningSpec getLearning() {
    return learning;
  }

  public void setLearning(LearningSpec learning) {
    this.learning = learning;
  }

  public ChatSpec getChat() {
    return chat;
  }

  public void setChat(ChatSpec chat) {
    this.chat = chat;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public QueueSpec getQueue() {
    return queue;
  }

  public void setQueue(QueueSpec queue) {
    this.queue = queue;
  }

  public IdentitySpec getIdentity() {
    return identity;
  }

  public void setIdentity(IdentitySpec identity) {
    this.identity = identity;
  }

  public QuotaSpec getQuota() {
    return quota;
  }

  public void setQuota(QuotaSpec quota) {
    this.quota = quota;
  }

  public String getAdoptFrom() {
    return adoptFrom;
  }

  public void setAdoptFrom(String adoptFrom) {
    this.adoptFrom = adoptFrom;
  }
}
