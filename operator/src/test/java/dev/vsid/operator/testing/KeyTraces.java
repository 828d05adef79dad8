package dev.vsid.operator.testing;

import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.pki.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Finds traces of known private keys in text. Each key is known in the forms it could leak in: its
 * PKCS#8 DER in base64, base64url and hex (a PEM body is the base64 form, cut in lines), the base64
 * of its PEM text (as a Secret's {@code data} holds it), and its secret numbers (EC private scalar,
 * RSA private exponent and primes, Ed25519 seed) in hex, decimal and base64. Any 40 characters of
 * any form found in a text count as a trace. Findings name the text and the key, never the
 * material.
 */
public final class KeyTraces {
  /** Shorter runs can occur by chance; 40 base64 characters carry 240 bits. */
  public static final int WINDOW = 40;

  private static final String[] ARMOR = {
    // the PEM label: secret scanners look for it, so no message may carry it, even to name a block
    "PRIVATE KEY",
    // "-----BEGIN PRIVATE KEY", "-----BEGIN EC PRIVATE KEY", "-----BEGIN RSA PRIVATE KEY" in base64
    "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS",
    "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS",
    "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt"
  };

  private final Map<String, String> windows = new HashMap<>();

  /** Windows of public material (certificates), which a private key's encoding shares. */
  private final Set<String> publicWindows = new HashSet<>();

  private final Map<String, String> keys = new LinkedHashMap<>();
  private final Map<KeyType, Set<String>> structures = new HashMap<>();

  /** Learns {@code key}, described as {@code name} (such as "SVID shop/web tls.key"). */
  public void add(String name, PrivateKey key) {
    String id = Base64.getEncoder().encodeToString(key.getEncoded());
    if (keys.putIfAbsent(id, name) != null) {
      return;
    }
    Set<String> structure = structure(key);
    forms(key).forEach((form, text) -> learn(name + " as " + form, text, structure));
    for (BigInteger secret : secrets(key, key.getEncoded())) {
      learnNumber(name + " secret number", secret);
    }
  }

  /**
   * The forms a key can leak in: PKCS#8 and the traditional DER (SEC1 for EC, PKCS#1 for RSA) in
   * base64, base64url and hex, and both PEM texts as base64 data, at each of the three alignments
   * they can have after other text.
   */
  private static Map<String, String> forms(PrivateKey key) {
    Map<String, String> forms = new LinkedHashMap<>();
    byte[] der = key.getEncoded();
    forms.put("PKCS#8 base64", Base64.getEncoder().encodeToString(der));
    forms.put("PKCS#8 base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(der));
    forms.put("PKCS#8 hex", HexFormat.of().formatHex(der));
    putPemForms(forms, "PKCS#8 PEM", Pem.encodePrivateKey(key));
    String label = key.getAlgorithm().equals("RSA") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
    if (key.getAlgorithm().equals("RSA") || key.getAlgorithm().equals("EC")) {
      byte[] traditional = traditional(der);
      forms.put("traditional DER base64", Base64.getEncoder().encodeToString(traditional));
      forms.put("traditional DER hex", HexFormat.of().formatHex(traditional));
      String pem =
          "-----BEGIN "
              + label
              + "-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(traditional)
              + "\n-----END "
              + label
              + "-----\n";
      putPemForms(forms, "traditional PEM", pem);
    }
    return forms;
  }

  private static void putPemForms(Map<String, String> forms, String name, String pem) {
    for (int shift = 0; shift < 3; shift++) {
      forms.put(name + " in Secret data (+" + shift + ")", base64(pem.substring(shift)));
    }
  }

  private static byte[] traditional(byte[] pkcs8) {
    try {
      return PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot re-encode a key", e);
    }
  }

  /**
   * The windows keys of {@code key}'s type share (headers, curve names, the PEM armour): those
   * found in at least two of four fresh keys of the same type. They say nothing about this key.
   */
  private Set<String> structure(PrivateKey key) {
    return structures.computeIfAbsent(
        typeOf(key),
        type -> {
          Set<String> shared = new HashSet<>();
          if (type == null) {
            return shared;
          }
          Map<String, Integer> seen = new HashMap<>();
          for (int sibling = 0; sibling < 4; sibling++) {
            Set<String> own = new HashSet<>();
            forms(type.generate().getPrivate()).values().forEach(f -> own.addAll(windowsOf(f)));
            own.forEach(w -> seen.merge(w, 1, Integer::sum));
          }
          seen.forEach(
              (window, count) -> {
                if (count >= 2) {
                  shared.add(window);
                }
              });
          return shared;
        });
  }

  private static KeyType typeOf(PrivateKey key) {
    if (key instanceof ECPrivateKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return bits == 256 ? KeyType.EC_P256 : bits == 384 ? KeyType.EC_P384 : null;
    }
    if (key instanceof RSAPrivateKey rsa) {
      return switch (rsa.getModulus().bitLength()) {
        case 2048 -> KeyType.RSA_2048;
        case 3072 -> KeyType.RSA_3072;
        case 4096 -> KeyType.RSA_4096;
        default -> null;
      };
    }
    return key.getAlgorithm().toLowerCase(Locale.ROOT).contains("ed") ? KeyType.ED25519 : null;
  }

  private static List<String> windowsOf(String form) {
    List<String> windows = new ArrayList<>();
    for (int i = 0; i + WINDOW <= form.length(); i++) {
      windows.add(form.substring(i, i + WINDOW));
    }
    return windows;
  }

  /** Learns a text that must not leak either, such as the base64 data of a key field. */
  public void addText(String name, String text) {
    learn(name, text, Set.of());
  }

  /**
   * Learns a key's PEM text as it would show inside base64 data (a Secret's field), at each of the
   * three alignments it can have when other text comes before it.
   */
  public void addPem(String name, PrivateKey key, String pem) {
    Set<String> structure = structure(key);
    for (int shift = 0; shift < 3; shift++) {
      learn(name + " as Secret data", base64(pem.substring(shift)), structure);
    }
  }

  /**
   * Learns a certificate as public: a window found in it, or in any encoding of its public key
   * (SPKI, the EC point and coordinates as a JWK has them, the RSA modulus), is not a trace, even
   * where a private key's encoding has it too (PKCS#8 and SEC1 keys hold the public key).
   */
  public void addPublic(X509Certificate certificate) {
    try {
      byte[] der = certificate.getEncoded();
      learnPublicBytes(der);
      String pem = Pem.encodeCertificates(List.of(certificate));
      for (int shift = 0; shift < 3; shift++) {
        learnPublic(base64(pem.substring(shift)));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException(e);
    }
    PublicKey key = certificate.getPublicKey();
    byte[] spki = key.getEncoded();
    learnPublicBytes(spki);
    if (key instanceof ECPublicKey ec) {
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      byte[] x = fixed(ec.getW().getAffineX(), size);
      byte[] y = fixed(ec.getW().getAffineY(), size);
      learnPublicBytes(x);
      learnPublicBytes(y);
      byte[] point = new byte[1 + 2 * size];
      point[0] = 4;
      System.arraycopy(x, 0, point, 1, size);
      System.arraycopy(y, 0, point, 1 + size, size);
      learnPublicBytes(point);
    } else if (key instanceof RSAPublicKey rsa) {
      learnPublicBytes(unsigned(rsa.getModulus()));
      learnPublic(rsa.getModulus().toString(16));
      learnPublic(rsa.getModulus().toString(16).toUpperCase(Locale.ROOT));
      learnPublic(rsa.getModulus().toString());
    } else {
      learnPublicBytes(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }
  }

  /** Public bytes in base64, base64url and hex, from each of the three byte alignments. */
  private void learnPublicBytes(byte[] bytes) {
    for (int shift = 0; shift < 3 && shift < bytes.length; shift++) {
      byte[] shifted = Arrays.copyOfRange(bytes, shift, bytes.length);
      learnPublic(Base64.getEncoder().encodeToString(shifted));
      learnPublic(Base64.getUrlEncoder().withoutPadding().encodeToString(shifted));
    }
    learnPublic(HexFormat.of().formatHex(bytes));
    learnPublic(HexFormat.of().withUpperCase().formatHex(bytes));
  }

  private void learnPublic(String form) {
    publicWindows.addAll(windowsOf(form));
  }

  private static byte[] fixed(BigInteger number, int size) {
    byte[] magnitude = unsigned(number);
    byte[] out = new byte[size];
    System.arraycopy(magnitude, 0, out, size - magnitude.length, magnitude.length);
    return out;
  }

  /** How many distinct keys are known. */
  public int keyCount() {
    return keys.size();
  }

  /** The names of the known keys. */
  public List<String> keyNames() {
    return List.copyOf(keys.values());
  }

  /**
   * Where {@code text} holds key material or PEM key armour, one finding per key form: which form,
   * how many windows of it, and the offset of the first. Empty when it holds none.
   */
  public List<String> findIn(String source, String text) {
    List<String> found = new ArrayList<>();
    for (String armor : ARMOR) {
      int at = text.indexOf(armor);
      if (at >= 0) {
        found.add(source + ": private key marker at offset " + at);
      }
    }
    Map<String, int[]> hits = new LinkedHashMap<>();
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = isMaterialChar(text.charAt(i)) ? run + 1 : 0;
      if (run >= WINDOW) {
        String window = text.substring(i + 1 - WINDOW, i + 1);
        String form = windows.get(window);
        if (form != null && !publicWindows.contains(window)) {
          hits.computeIfAbsent(form, f -> new int[] {0, 0})[0]++;
          int[] hit = hits.get(form);
          if (hit[0] == 1) {
            hit[1] = i + 1 - WINDOW;
          }
        }
      }
    }
    hits.forEach(
        (form, hit) ->
            found.add(
                source
                    + ": "
                    + hit[0]
                    + " windows of "
                    + WINDOW
                    + " characters of "
                    + form
                    + ", the first at offset "
                    + hit[1]));
    return found;
  }

  private void learnNumber(String name, BigInteger number) {
    byte[] magnitude = unsigned(number);
    learn(name + " (hex)", number.toString(16), Set.of());
    learn(name + " (HEX)", number.toString(16).toUpperCase(Locale.ROOT), Set.of());
    learn(name + " (decimal)", number.toString(), Set.of());
    learn(name + " (base64)", Base64.getEncoder().encodeToString(magnitude), Set.of());
    learn(
        name + " (base64url)",
        Base64.getUrlEncoder().withoutPadding().encodeToString(magnitude),
        Set.of());
  }

  /** Learns the windows of {@code form}, but for those every key of its type has. */
  private void learn(String name, String form, Set<String> structure) {
    // A form shorter than a window (a number with many leading zeros) is never looked for.
    for (String window : windowsOf(form)) {
      if (!structure.contains(window)) {
        windows.putIfAbsent(window, name);
      }
    }
  }

  private static List<BigInteger> secrets(PrivateKey key, byte[] der) {
    if (key instanceof ECPrivateKey ec) {
      return List.of(ec.getS());
    }
    if (key instanceof RSAPrivateCrtKey rsa) {
      return List.of(
          rsa.getPrivateExponent(),
          rsa.getPrimeP(),
          rsa.getPrimeQ(),
          rsa.getPrimeExponentP(),
          rsa.getPrimeExponentQ(),
          rsa.getCrtCoefficient());
    }
    if (key instanceof RSAPrivateKey rsa) {
      return List.of(rsa.getPrivateExponent());
    }
    if (key.getAlgorithm().toLowerCase(Locale.ROOT).contains("ed")) {
      // PKCS#8 of Ed25519: 16 bytes of header, then the 32-byte seed.
      return List.of(new BigInteger(1, Arrays.copyOfRange(der, 16, 48)));
    }
    throw new IllegalArgumentException("unknown key type " + key.getAlgorithm());
  }

  private static byte[] unsigned(BigInteger number) {
    byte[] bytes = number.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static boolean isMaterialChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '='
        || c == '-'
        || c == '_';
  }

  /** The base64 of a text, as a Secret's data holds it. */
  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
