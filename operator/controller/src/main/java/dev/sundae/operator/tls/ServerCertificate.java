package dev.sundae.operator.tls;

/** A server certificate and its private key, both PEM (the key PKCS#8). */
public record ServerCertificate(String certificatePem, String keyPem) {

  @Override
  public String toString() {
    return "ServerCertificate[key masked]";
  }
}
