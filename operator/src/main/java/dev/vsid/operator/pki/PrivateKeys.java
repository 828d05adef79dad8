package dev.vsid.operator.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Turns PKCS#8, SEC1 and PKCS#1 private-key DER into keys made by the JDK's own key factories.
 * Causes are never attached: a parser's message might quote the bytes it choked on.
 */
final class PrivateKeys {
  private static final Map<ASN1ObjectIdentifier, String> JDK_ALGORITHMS =
      Map.of(
          X9ObjectIdentifiers.id_ecPublicKey, "EC",
          PKCSObjectIdentifiers.rsaEncryption, "RSA",
          EdECObjectIdentifiers.id_Ed25519, "Ed25519");

  private PrivateKeys() {}

  /** A PKCS#8 {@code PrivateKeyInfo} ("BEGIN PRIVATE KEY"). */
  static PrivateKey fromPkcs8(byte[] der) throws PkiException {
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new PkiException("the PKCS#8 private key is not valid DER");
    }
    String algorithm = JDK_ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
    if (algorithm == null) {
      throw new PkiException(
          "the private key algorithm is not supported; use one of " + KeyType.supportedNames());
    }
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new PkiException("the " + algorithm + " private key could not be decoded");
    }
  }

  /** A SEC1 {@code ECPrivateKey} ("BEGIN EC PRIVATE KEY") that names its curve. */
  static PrivateKey fromSec1(byte[] der) throws PkiException {
    ECPrivateKey key;
    try {
      key = ECPrivateKey.getInstance(der);
    } catch (RuntimeException e) {
      throw new PkiException("the EC private key block is not valid SEC1 DER");
    }
    ASN1Encodable curve = key.getParametersObject();
    if (curve == null) {
      throw new PkiException(
          "the EC private key block does not name its curve; convert it to PKCS#8"
              + " (openssl pkcs8 -topk8 -nocrypt)");
    }
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
    return fromPkcs8(wrap(algorithm, key));
  }

  /** A PKCS#1 {@code RSAPrivateKey} ("BEGIN RSA PRIVATE KEY"). */
  static PrivateKey fromPkcs1(byte[] der) throws PkiException {
    RSAPrivateKey key;
    try {
      key = RSAPrivateKey.getInstance(der);
    } catch (RuntimeException e) {
      throw new PkiException("the RSA private key block is not valid PKCS#1 DER");
    }
    AlgorithmIdentifier algorithm =
        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    return fromPkcs8(wrap(algorithm, key));
  }

  private static byte[] wrap(AlgorithmIdentifier algorithm, ASN1Encodable key) throws PkiException {
    try {
      return new PrivateKeyInfo(algorithm, key).getEncoded();
    } catch (IOException | RuntimeException e) {
      throw new PkiException("the private key could not be converted to PKCS#8");
    }
  }
}
