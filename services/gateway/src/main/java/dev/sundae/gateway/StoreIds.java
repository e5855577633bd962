package dev.sundae.gateway;

/**
 * What a register may call its store (in uploads, purchases and the sold-out list) and a customer's
 * session (in uploads).
 */
public final class StoreIds {

  /** The characters of a store id; its length is 1 to {@link #MAX_LENGTH}. */
  public static final String PATTERN = "[A-Za-z0-9._:-]+";

  public static final int MAX_LENGTH = 64;

  public static final String MESSAGE = "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':', '-'";

  private StoreIds() {}

  public static boolean valid(String store) {
    return store != null
        && !store.isEmpty()
        && store.length() <= MAX_LENGTH
        && store.matches(PATTERN);
  }
}
