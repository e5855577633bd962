package dev.sundae.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which arm of a tenant's holdout a register session is in. A stable hash of the tenant's name and
 * the session id, so that every frame of a session, every redelivery of its event and every worker
 * replica agree, and so that two tenants' splits are independent. The session id is the one the
 * register sends with its upload, or the upload's request id when it sends none.
 */
public final class Arms {

  /** The arm of a recommendation. */
  public enum Arm {
    /** The model's ranking. */
    MODEL,
    /** The baseline: the chain's best sellers, then the catalogue's order. */
    HOLDOUT;

    /** How the database and the API spell it. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  // the hash's bucket count: percents are whole, so 100 would do; 10,000 leaves room for basis
  // points without moving anyone's bucket
  private static final int BUCKETS = 10_000;

  private Arms() {}

  /** The arm of {@code session} in {@code tenant}'s split with {@code percent} held out. */
  public static Arm of(String tenant, String session, int percent) {
    return bucket(tenant, session) < percent * (BUCKETS / 100) ? Arm.HOLDOUT : Arm.MODEL;
  }

  /**
   * Whether {@code session}, in the model arm, is one of the {@code percent} a candidate model
   * serves as a canary. Its own hash (the tenant's name with a prefix no Tenant name can have), so
   * the canary's share is independent of the holdout's.
   */
  public static boolean candidate(String tenant, String session, int percent) {
    return bucket("candidate:" + tenant, session) < percent * (BUCKETS / 100);
  }

  /** 0 to 9,999, uniform over sessions: the first eight bytes of SHA-256(tenant NUL session). */
  static int bucket(String tenant, String session) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    sha256.update(tenant.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    byte[] digest = sha256.digest(session.getBytes(StandardCharsets.UTF_8));
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (digest[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(value, BUCKETS);
  }
}
