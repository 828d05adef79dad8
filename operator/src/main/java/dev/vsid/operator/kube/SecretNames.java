package dev.vsid.operator.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Kubernetes object-name rules the operator needs. */
public final class SecretNames {
  /** DNS-1123 subdomain: what Kubernetes accepts as a Secret or ConfigMap name. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  private static final int MAX_NAME = 253;

  private SecretNames() {}

  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME && DNS_SUBDOMAIN.matcher(name).matches();
  }

  /**
   * {@code prefix + name}, shortened with a hash suffix when it would be too long. Where the cut
   * would leave a '.' before the suffix (an invalid name), the '.' and '-' before the cut go too.
   */
  public static String derived(String prefix, String name) {
    String full = prefix + name;
    if (full.length() <= MAX_NAME) {
      return full;
    }
    String suffix = "-" + sha256(name).substring(0, 10);
    String shortened = full.substring(0, MAX_NAME - suffix.length()) + suffix;
    if (isValidName(shortened)) {
      return shortened;
    }
    return full.substring(0, MAX_NAME - suffix.length()).replaceAll("[.-]+$", "") + suffix;
  }

  private static String sha256(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
