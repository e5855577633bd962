package dev.sundae.operator.runtime;

import dev.sundae.operator.api.Tenant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whose a bucket or a schema is: the UID of the Tenant that made it, marked on it (a bucket tag, a
 * schema comment). Names come from the Tenant's name, so a Tenant created under the name of a
 * deleted one whose data was retained would otherwise be handed that data, another chain's perhaps.
 * A resource marked with another UID is refused unless the Tenant's {@code spec.adoptFrom} names
 * that UID; an unmarked one (made before the marks, or by hand) is taken and marked.
 *
 * @param uid the Tenant's {@code metadata.uid}
 * @param adoptFrom the UID of the deleted Tenant whose retained resources this one takes over
 */
public record Ownership(String uid, Optional<String> adoptFrom) {

  /** The bucket tag, and the prefix of the schema comment, that hold the owner's UID. */
  public static final String MARK = "sundae.dev/tenant-uid";

  private static final Pattern UID = Pattern.compile("^[0-9a-fA-F-]{1,64}$");

  public Ownership {
    if (uid == null || !UID.matcher(uid).matches()) {
      throw new IllegalArgumentException("Not a Kubernetes UID: " + uid);
    }
  }

  public static Ownership of(Tenant tenant) {
    return new Ownership(
        tenant.getMetadata().getUid(), Optional.ofNullable(tenant.getSpec().getAdoptFrom()));
  }

  /**
   * Refuses {@code what} when it is marked as another Tenant's that this one does not adopt.
   *
   * @param marked the UID marked on it, null when it has no mark
   */
  public void check(String what, String marked) {
    if (marked == null || marked.equals(uid) || adoptFrom.filter(marked::equals).isPresent()) {
      return;
    }
    throw new AdoptionRefusedException(
        what
            + " belongs to the Tenant with UID "
            + marked
            + " (a deleted Tenant of the same name whose data was retained): delete it, or set"
            + " spec.adoptFrom: "
            + marked
            + " to take it over");
  }

  /** Thrown when a resource is another Tenant's; the condition reason is AdoptionRefused. */
  public static final class AdoptionRefusedException extends RuntimeException {
    AdoptionRefusedException(String message) {
      super(message);
    }
  }
}
