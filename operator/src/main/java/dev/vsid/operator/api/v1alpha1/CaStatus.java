package dev.vsid.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Public facts about a CA certificate. Never anything about its key beyond the type. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CaStatus {
  @JsonPropertyDescription("Secret, in the operator's namespace, that holds the CA.")
  private String secretName;

  @JsonPropertyDescription("Subject of the CA certificate.")
  private String subject;

  @JsonPropertyDescription("Serial number of the CA certificate, hexadecimal.")
  private String serialNumber;

  @JsonPropertyDescription("SHA-256 fingerprint of the CA certificate.")
  private String fingerprint;

  @JsonPropertyDescription("Key type of the CA.")
  private String keyType;

  @JsonPropertyDescription("Start of the CA certificate's validity, RFC 3339.")
  private String notBefore;

  @JsonPropertyDescription("End of the CA certificate's validity, RFC 3339.")
  private String notAfter;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String getKeyType() {
    return keyType;
  }

  public void setKeyType(String keyType) {
    this.keyType = keyType;
  }

  public String getNotBefore() {
    return notBefore;
  }

  public void setNotBefore(String notBefore) {
    this.notBefore = notBefore;
  }

  public String getNotAfter() {
    return notAfter;
  }

  public void setNotAfter(String notAfter) {
    this.notAfter = notAfter;
  }
}
