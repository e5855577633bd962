package dev.sundae.testing.kubernetes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The certificates and keys of a node-less control plane, as files in one folder: a CA, the API
 * server's certificate, a cluster administrator's client certificate ({@code system:masters}) and
 * the service-account signing key pair. The tests' {@link KubeControlPlane} and {@code
 * hack/run-local.sh} (through {@code ServerCommands kube-pki}) make them here, so both start {@code
 * kube-apiserver} with the same files ({@code ServerCommands.kubeApiServer}).
 *
 * @param directory the folder that holds them
 */
public record ControlPlanePki(Path directory) {

  /** What the API server's certificate is valid for: loopback and the in-cluster names. */
  private static final GeneralName[] API_SERVER_NAMES = {
    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
    new GeneralName(GeneralName.dNSName, "localhost"),
    new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
    new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")
  };

  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The PKI in {@code directory}, made there first when it holds none (an earlier run's files are
   * kept: a local platform's kubeconfig stays valid across restarts).
   */
  public static ControlPlanePki ensure(Path directory) {
    ControlPlanePki pki = new ControlPlanePki(directory);
    if (!Files.exists(pki.adminCertificate())) {
      pki.generate();
    }
    return pki;
  }

  public Path ca() {
    return directory.resolve("ca.crt");
  }

  /** The CA's key: the local run signs its servers' certificates with it (hack/lib/pki.sh). */
  public Path caKey() {
    return directory.resolve("ca.key");
  }

  public Path apiServerCertificate() {
    return directory.resolve("apiserver.crt");
  }

  public Path apiServerKey() {
    return directory.resolve("apiserver.key");
  }

  public Path adminCertificate() {
    return directory.resolve("admin.crt");
  }

  public Path adminKey() {
    return directory.resolve("admin.key");
  }

  public Path serviceAccountPublicKey() {
    return directory.resolve("sa.pub");
  }

  public Path serviceAccountKey() {
    return directory.resolve("sa.key");
  }

  private void generate() {
    try {
      Files.createDirectories(directory);
      Instant now = Instant.now();
      KeyPair ca = rsa();
      X500Name caName = new X500Name("CN=sundae-local-ca");
      X509Certificate caCertificate =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName, serial(), from(now), until(now), caName, ca.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              ca.getPrivate());
      write(ca(), pem("CERTIFICATE", caCertificate.getEncoded()));
      write(caKey(), pem("PRIVATE KEY", ca.getPrivate().getEncoded()));

      KeyPair apiServer = rsa();
      write(
          apiServerCertificate(),
          pem(
              "CERTIFICATE",
              sign(
                      leaf(
                              caName,
                              "CN=kube-apiserver",
                              apiServer,
                              now,
                              KeyPurposeId.id_kp_serverAuth)
                          .addExtension(
                              Extension.subjectAlternativeName,
                              false,
                              new GeneralNames(API_SERVER_NAMES)),
                      ca.getPrivate())
                  .getEncoded()));
      write(apiServerKey(), pem("PRIVATE KEY", apiServer.getPrivate().getEncoded()));

      KeyPair admin = rsa();
      write(
          adminCertificate(),
          pem(
              "CERTIFICATE",
              sign(
                      leaf(
                          caName,
                          "O=system:masters,CN=sundae-admin",
                          admin,
                          now,
                          KeyPurposeId.id_kp_clientAuth),
                      ca.getPrivate())
                  .getEncoded()));
      write(adminKey(), pem("PRIVATE KEY", admin.getPrivate().getEncoded()));

      KeyPair serviceAccounts = rsa();
      write(serviceAccountPublicKey(), pem("PUBLIC KEY", serviceAccounts.getPublic().getEncoded()));
      write(serviceAccountKey(), pem("PRIVATE KEY", serviceAccounts.getPrivate().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the control plane's PKI in " + directory, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make the control plane's PKI", e);
    }
  }

  private static X509v3CertificateBuilder leaf(
      X500Name issuer, String subject, KeyPair pair, Instant now, KeyPurposeId purpose)
      throws IOException {
    return new JcaX509v3CertificateBuilder(
            issuer, serial(), from(now), until(now), new X500Name(subject), pair.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, RANDOM);
  }

  private static Date from(Instant now) {
    return Date.from(now.minus(Duration.ofMinutes(5)));
  }

  private static Date until(Instant now) {
    return Date.from(now.plus(VALIDITY));
  }

  private static String pem(String type, byte[] der) throws IOException {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(type, der));
    }
    return text.toString();
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.US_ASCII);
    if (file.toString().endsWith(".key")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
