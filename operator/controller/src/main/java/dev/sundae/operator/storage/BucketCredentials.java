package dev.sundae.operator.storage;

/** Keys of an object-store user; never logged (see {@link #toString()}). */
public record BucketCredentials(String accessKey, String secretKey) {

  @Override
  public String toString() {
    return "BucketCredentials[accessKey=" + accessKey + ", secretKey=***]";
  }
}
