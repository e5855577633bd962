package dev.sundae.operator.tenant;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The tenant's VAPID key pair (RFC 8292), with which its chat service signs Web Push requests. It
 * is made once and kept in the credentials Secret: browsers bind each push subscription to the
 * public key, so a new pair would silently end every subscription of the tenant. Encoded as
 * web-push libraries and browsers expect: base64url of the 65-byte uncompressed public point and of
 * the 32-byte private scalar.
 *
 * @param publicKey the application server key apps subscribe with
 * @param privateKey the signing key, only ever in the tenant's Secret
 */
record VapidKeys(String publicKey, String privateKey) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final ECParameterSpec P256 = p256();

  @Override
  public String toString() {
    return "VapidKeys[publicKey=" + publicKey + ", privateKey=***]";
  }

  static VapidKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(P256);
      KeyPair pair = generator.generateKeyPair();
      ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
      byte[] point = new byte[65];
      point[0] = 0x04;
      System.arraycopy(fixed(w.getAffineX()), 0, point, 1, 32);
      System.arraycopy(fixed(w.getAffineY()), 0, point, 33, 32);
      BigInteger s = ((ECPrivateKey) pair.getPrivate()).getS();
      return new VapidKeys(ENCODER.encodeToString(point), ENCODER.encodeToString(fixed(s)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK cannot make a P-256 key pair", e);
    }
  }

  /**
   * The pair if both halves are there, well formed, and belong together (the public point is the
   * private scalar times the generator): a Secret edited by hand with mismatched halves is
   * replaced.
   */
  static Optional<VapidKeys> parse(String publicKey, String privateKey) {
    if (publicKey == null || privateKey == null) {
      return Optional.empty();
    }
    try {
      byte[] point = Base64.getUrlDecoder().decode(publicKey);
      byte[] scalar = Base64.getUrlDecoder().decode(privateKey);
      if (point.length != 65 || point[0] != 0x04 || scalar.length != 32) {
        return Optional.empty();
      }
      KeyFactory factory = KeyFactory.getInstance("EC");
      ECPoint w =
          new ECPoint(
              new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
              new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
      // refuses a point that is not on the curve
      factory.generatePublic(new ECPublicKeySpec(w, P256));
      var signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(
          factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256)));
      byte[] probe = point;
      signer.update(probe);
      byte[] signature = signer.sign();
      var verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(factory.generatePublic(new ECPublicKeySpec(w, P256)));
      verifier.update(probe);
      return verifier.verify(signature)
          ? Optional.of(new VapidKeys(publicKey, privateKey))
          : Optional.empty();
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static byte[] fixed(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static ECParameterSpec p256() {
    try {
      var parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK has no P-256 curve", e);
    }
  }
}
