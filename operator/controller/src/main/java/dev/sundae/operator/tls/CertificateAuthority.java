package dev.sundae.operator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authority of an Environment: it signs the server certificates of the services
 * that face callers (the gateway, each tenant's chat), as CloudNativePG's operator signs its
 * clusters' server certificates. The operator makes one (ECDSA P-256, ten years) unless the
 * platform engineer names their own; its certificate is what clients trust.
 */
public final class CertificateAuthority {

  /** How long a CA the operator makes is valid. */
  static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** How long a server certificate is valid. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(90);

  /** A server certificate is issued again when less than this is left of it. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new self-signed CA named {@code commonName}, valid from {@code now}. */
  public static CertificateAuthority generate(String commonName, Instant now) {
    KeyPair pair = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName + ",O=sundae");
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(CA_VALIDITY)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a certificate authority", e);
    }
  }

  /**
   * The CA in a {@code kubernetes.io/tls} Secret's {@code tls.crt} and {@code tls.key} (PEM; the
   * key PKCS#8, PKCS#1 or SEC 1, RSA or EC).
   *
   * @throws IllegalArgumentException naming what is wrong, when they are no CA certificate and its
   *     key
   */
  public static CertificateAuthority fromPem(String certificatePem, String keyPem) {
    X509Certificate certificate = parseCertificate(certificatePem);
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "the certificate " + certificate.getSubjectX500Principal() + " is not a CA");
    }
    PrivateKey key = parseKey(keyPem);
    if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("the private key is not the CA certificate's");
    }
    return new CertificateAuthority(certificate, key);
  }

  public String certificatePem() {
    return pem("CERTIFICATE", encoded(certificate));
  }

  public String keyPem() {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /** A server certificate for {@code dnsNames} (the first is its common name), valid from now. */
  public ServerCertificate issue(List<String> dnsNames, Instant now) {
    KeyPair pair = newKeyPair();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      GeneralNames names =
          new GeneralNames(
              dnsNames.stream()
                  .map(n -> new GeneralName(GeneralName.dNSName, n))
                  .toArray(GeneralName[]::new));
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(earliest(now.plus(SERVER_VALIDITY), certificate.getNotAfter())),
                  new X500Name("CN=" + dnsNames.get(0)),
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, names)
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate));
      X509Certificate issued = sign(builder, key);
      return new ServerCertificate(
          pem("CERTIFICATE", encoded(issued)), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a certificate for " + dnsNames, e);
    }
  }

  /**
   * Whether {@code certificatePem} can stay: this CA signed it, it names exactly {@code dnsNames},
   * and more than {@link #RENEW_BEFORE} of it is left (or all that the CA has left, when that is
   * shorter).
   */
  public boolean stillServes(String certificatePem, List<String> dnsNames, Instant now) {
    if (certificatePem == null || certificatePem.isBlank()) {
      return false;
    }
    try {
      X509Certificate served = parseCertificate(certificatePem);
      served.verify(certificate.getPublicKey());
      Instant renewAt =
          earliest(served.getNotAfter().toInstant(), certificate.getNotAfter().toInstant())
              .minus(RENEW_BEFORE);
      return now.isBefore(renewAt) && dnsNames(served).equals(new TreeSet<>(dnsNames));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** The DNS names a certificate is for. */
  static Set<String> dnsNames(X509Certificate certificate) {
    Set<String> names = new TreeSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (Objects.equals(alternative.get(0), GeneralName.dNSName)) {
            names.add((String) alternative.get(1));
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable subject alternative names", e);
    }
    return names;
  }

  static X509Certificate parseCertificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey parseKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (parsed instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("not an unencrypted PEM private key");
    } catch (IOException e) {
      throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    String algorithm = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant earliest(Instant a, Date b) {
    return earliest(a, b.toInstant());
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
