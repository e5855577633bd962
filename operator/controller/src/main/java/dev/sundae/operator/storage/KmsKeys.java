package dev.sundae.operator.storage;

/** The keys of an object store's KMS, for stores that encrypt each bucket with a key of its own. */
interface KmsKeys {

  /**
   * Makes sure the KMS holds a usable key {@code name}, creating it when it is missing; throws
   * {@link ObjectStoreException} with the KMS's reason when the key cannot be created or used.
   */
  void ensure(String name);
}
