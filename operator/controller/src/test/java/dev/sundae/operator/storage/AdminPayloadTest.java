package dev.sundae.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.admin.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * MinIO decrypts what {@link AdminPayload} encrypts (MinioObjectStoreIT writes users with it); this
 * shows the sio framing is madmin's byte for byte: minio-java's Argon2id body, framed again here
 * with the key it derived, its salt and its nonce, comes out identical, at one and at several
 * fragments.
 */
class AdminPayloadTest {

  private static final String PASSWORD = "the-admin-secret-key";

  @Test
  void framesABodyAsMinioJavasAdminClientDoes() throws Exception {
    // (at an exact multiple of the fragment, minio-java adds an empty last fragment where sio-go
    // seals the full one as last; sio-go reads both)
    for (int size : new int[] {60, AdminPayload.FRAGMENT - 1, AdminPayload.FRAGMENT * 2 + 5}) {
      byte[] plaintext = new byte[size];
      Arrays.fill(plaintext, (byte) 'x');
      byte[] theirs = Crypto.encrypt(plaintext, PASSWORD);
      byte[] salt = Arrays.copyOfRange(theirs, 0, 32);
      byte id = theirs[32];
      byte[] nonce = Arrays.copyOfRange(theirs, 33, 41);

      byte[] ours = AdminPayload.frame(id, argon2id(salt), salt, nonce, plaintext);

      assertThat(ours).as("%d bytes", size).isEqualTo(theirs);
    }
  }

  @Test
  void derivesItsKeyWithPbkdf2AndSaysSo() {
    byte[] body = AdminPayload.encrypt("{}".getBytes(StandardCharsets.UTF_8), PASSWORD);
    byte[] again = AdminPayload.encrypt("{}".getBytes(StandardCharsets.UTF_8), PASSWORD);

    assertThat(body[32]).isEqualTo(AdminPayload.PBKDF2_AES_GCM);
    // salt, id, nonce, and one fragment of 2 bytes with its 16-byte tag
    assertThat(body).hasSize(32 + 1 + 8 + 2 + 16);
    assertThat(Arrays.copyOfRange(body, 0, 32))
        .as("a new salt each time")
        .isNotEqualTo(Arrays.copyOfRange(again, 0, 32));
  }

  // madmin's Argon2id parameters, as minio-java's Crypto derives its key
  private static SecretKeySpec argon2id(byte[] salt) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(64 * 1024)
            .withParallelism(4)
            .withIterations(1)
            .build());
    byte[] key = new byte[32];
    generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), key);
    return new SecretKeySpec(key, "AES");
  }
}
