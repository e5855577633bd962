package dev.sundae.tenancy.keys;

import dev.sundae.tenancy.TenantConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one tenant's replicas of every service can derive and no other tenant can: PostgreSQL is
 * shared, and every role of it may LISTEN or NOTIFY on any channel and take any advisory lock, so a
 * channel name, a lock key or a payload a tenant uses there must come from a secret of its own. The
 * secret is the tenant's database password, which the operator hands to all of the tenant's
 * workloads (gateway, worker, chat) and to no other tenant's. Each value is HKDF-SHA256 (RFC 5869)
 * of that password with a label naming its use, so one value says nothing about another.
 */
public final class TenantKeys {

  private static final byte[] SALT = "sundae-tenant-keys".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] pseudoRandomKey;

  private TenantKeys(byte[] pseudoRandomKey) {
    this.pseudoRandomKey = pseudoRandomKey;
  }

  /** The keys of the tenant whose role signs in with {@code database}'s password. */
  public static TenantKeys of(TenantConfig.Database database) {
    return of(database.password());
  }

  /** The keys derived from {@code password}. */
  public static TenantKeys of(String password) {
    return new TenantKeys(extract(SALT, password.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A channel name for {@code purpose} ({@code [a-z_]+}) that another tenant cannot guess, so it
   * can neither LISTEN to it (and count or capture payloads) nor NOTIFY on it: {@code
   * sundae_<purpose>_} and 24 hex digits, a lower-case identifier that needs no quoting and fits
   * PostgreSQL's 63 bytes.
   */
  public String channel(String purpose) {
    if (!purpose.matches("[a-z_]{1,24}")) {
      throw new IllegalArgumentException("purpose must be [a-z_]{1,24}: " + purpose);
    }
    return "sundae_" + purpose + "_" + HEX.formatHex(derive("channel " + purpose, 12));
  }

  /** The seal of payloads sent on {@code channel}. */
  public PayloadSeal seal(String channel) {
    return new PayloadSeal(derive("aes-256-gcm " + channel, 32), channel);
  }

  /**
   * A key for {@code pg_advisory_lock} another tenant cannot compute, so it cannot take the lock
   * and stop this tenant's work (advisory locks are shared by the whole database).
   */
  public long advisoryLock(String purpose) {
    return ByteBuffer.wrap(derive("advisory-lock " + purpose, 8)).getLong();
  }

  private byte[] derive(String info, int length) {
    return expand(pseudoRandomKey, info.getBytes(StandardCharsets.UTF_8), length);
  }

  /** HKDF-Extract of RFC 5869 (HMAC-SHA256): the pseudo-random key of {@code ikm}. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt, ikm);
  }

  /**
   * HKDF-Expand of RFC 5869 (HMAC-SHA256) with {@code info}: its first block, so {@code length} is
   * at most 32 bytes, all Sundae needs.
   */
  static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
    if (length < 1 || length > 32) {
      throw new IllegalArgumentException("length must be 1 to 32 bytes: " + length);
    }
    byte[] block =
        hmac(pseudoRandomKey, ByteBuffer.allocate(info.length + 1).put(info).put((byte) 1).flip());
    byte[] out = new byte[length];
    System.arraycopy(block, 0, out, 0, length);
    return out;
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    return hmac(key, ByteBuffer.wrap(data));
  }

  private static byte[] hmac(byte[] key, ByteBuffer data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
