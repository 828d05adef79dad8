package dev.vsid.operator.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/** The key types the operator issues and signs with, spelled in resources as {@link #specName}. */
public enum KeyType {
  EC_P256("ECP256", "SHA256withECDSA", "EC", new ECGenParameterSpec("secp256r1")),
  EC_P384("ECP384", "SHA384withECDSA", "EC", new ECGenParameterSpec("secp384r1")),
  RSA_2048("RSA2048", "SHA256withRSA", "RSA", rsa(2048)),
  RSA_3072("RSA3072", "SHA256withRSA", "RSA", rsa(3072)),
  RSA_4096("RSA4096", "SHA256withRSA", "RSA", rsa(4096)),
  ED25519("Ed25519", "Ed25519", "Ed25519", NamedParameterSpec.ED25519);

  private final String specName;
  private final String signatureAlgorithm;
  private final String keyAlgorithm;
  private final AlgorithmParameterSpec generatorSpec;

  /** One initialised generator per thread: setting one up looks the curve up by name. */
  private final ThreadLocal<KeyPairGenerator> generators =
      ThreadLocal.withInitial(this::newGenerator);

  KeyType(String specName, String signature, String keyAlgorithm, AlgorithmParameterSpec spec) {
    this.specName = specName;
    this.signatureAlgorithm = signature;
    this.keyAlgorithm = keyAlgorithm;
    this.generatorSpec = spec;
  }

  /** The spelling users write in resources, such as {@code ECP256}. */
  public String specName() {
    return specName;
  }

  /** The JCA signature algorithm used when a key of this type signs certificates. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** Matches a {@link #specName} case-insensitively; null or blank gives empty. */
  public static Optional<KeyType> parse(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(type -> type.specName.toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  /** The accepted spellings, for error messages. */
  public static String supportedNames() {
    return Arrays.stream(values()).map(KeyType::specName).collect(Collectors.joining(", "));
  }

  /** A fresh key pair from a secure random source, as JDK key objects. */
  public KeyPair generate() {
    try {
      return CryptoSupport.toJdkKeyPair(generators.get().generateKeyPair(), keyAlgorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + specName + " key pair", e);
    }
  }

  private KeyPairGenerator newGenerator() {
    try {
      KeyPairGenerator generator =
          KeyPairGenerator.getInstance(keyAlgorithm, CryptoSupport.provider());
      generator.initialize(generatorSpec, CryptoSupport.random());
      return generator;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up " + specName + " key generation", e);
    }
  }

  /** Detects the type of a public key from any provider; empty when it is not supported. */
  public static Optional<KeyType> of(PublicKey key) {
    if (key instanceof ECPublicKey) {
      return ofCurve(((ECPublicKey) key).getParams());
    }
    if (key instanceof RSAPublicKey) {
      return ofModulusBits(((RSAPublicKey) key).getModulus().bitLength());
    }
    if (key != null
        && EdECObjectIdentifiers.id_Ed25519.equals(CryptoSupport.publicKeyAlgorithm(key))) {
      return Optional.of(ED25519);
    }
    return Optional.empty();
  }

  private static Optional<KeyType> ofCurve(ECParameterSpec params) {
    if (params == null) {
      return Optional.empty();
    }
    if (NamedCurves.sameCurve(params, NamedCurves.P256)) {
      return Optional.of(EC_P256);
    }
    if (NamedCurves.sameCurve(params, NamedCurves.P384)) {
      return Optional.of(EC_P384);
    }
    return Optional.empty();
  }

  private static Optional<KeyType> ofModulusBits(int bits) {
    switch (bits) {
      case 2048:
        return Optional.of(RSA_2048);
      case 3072:
        return Optional.of(RSA_3072);
      case 4096:
        return Optional.of(RSA_4096);
      default:
        return Optional.empty();
    }
  }

  private static RSAKeyGenParameterSpec rsa(int bits) {
    return new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4);
  }

  /** The domain parameters of the supported curves, from the JDK, compared field by field. */
  private static final class NamedCurves {
    static final ECParameterSpec P256 = lookUp("secp256r1");
    static final ECParameterSpec P384 = lookUp("secp384r1");

    static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
      return a.getCurve().equals(b.getCurve())
          && a.getOrder().equals(b.getOrder())
          && a.getGenerator().equals(b.getGenerator())
          && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec lookUp(String name) {
      try {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(name));
        return parameters.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK does not know the curve " + name, e);
      }
    }
  }
}
