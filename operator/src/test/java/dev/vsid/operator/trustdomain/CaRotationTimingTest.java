package dev.vsid.operator.trustdomain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vsid.operator.api.v1alpha1.CaRotationSpec;
import dev.vsid.operator.api.v1alpha1.CaSpec;
import dev.vsid.operator.api.v1alpha1.TrustDomain;
import dev.vsid.operator.api.v1alpha1.TrustDomainSpec;
import dev.vsid.operator.ca.CaState;
import dev.vsid.operator.config.Durations;
import dev.vsid.operator.pki.CertificateAuthority;
import dev.vsid.operator.pki.KeyType;
import dev.vsid.operator.spiffe.TrustDomainName;
import dev.vsid.operator.status.BadInputException;
import dev.vsid.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a rotation is due, how long it waits for laggards, and the settings that time it. */
class CaRotationTimingTest {
  private static final Instant MADE = Instant.parse("2026-01-01T00:00:00Z");

  /** Valid from 5 minutes before {@link #MADE} (the generator backdates) for 30 days after. */
  private static final CertificateAuthority CA =
      CertificateAuthority.generateRoot(
          new TrustDomainName("example.org"),
          KeyType.EC_P256,
          Duration.ofDays(30),
          Clock.fixed(MADE, ZoneOffset.UTC));

  @Test
  void byDefaultARotationIsDueWhenAThirdOfTheCasLifetimeIsLeft() throws Exception {
    // The lifetime is 30 days and 5 minutes (the backdating); a third of it is 10d 1m40s.
    assertThat(CA.notBefore()).isEqualTo(MADE.minus(Duration.ofMinutes(5)));
    assertThat(CA.notAfter()).isEqualTo(MADE.plus(Duration.ofDays(30)));

    Instant due = CaRotation.dueAt(CaState.of(CA), settings(ca -> {}));

    assertThat(due).isEqualTo(MADE.plus(Duration.ofDays(20)).minusSeconds(100));
  }

  @Test
  void theDefaultFollowsTheActiveCasOwnLifetimeNotTheConfiguredTtl() throws Exception {
    Instant due = CaRotation.dueAt(CaState.of(CA), settings(ca -> ca.setTtl("24h")));

    assertThat(due).isEqualTo(MADE.plus(Duration.ofDays(20)).minusSeconds(100));
  }

  @ParameterizedTest
  @CsvSource({"48h, PT48H", "1.5h, PT1H30M", "240h30m, PT240H30M", "0s, PT0S"})
  void anExplicitRenewBeforeCountsBackFromTheCasExpiry(String renewBefore, String expected)
      throws Exception {
    Instant due =
        CaRotation.dueAt(
            CaState.of(CA), settings(ca -> rotation(ca, r -> r.setRenewBefore(renewBefore))));

    assertThat(due).isEqualTo(CA.notAfter().minus(Duration.parse(expected)));
  }

  @Test
  void anUnreadableRenewBeforeIsReportedWhenTheDueTimeIsWorkedOut() {
    TrustDomainSettings settings = settings(ca -> rotation(ca, r -> r.setRenewBefore("ten days")));

    BadInputException refused =
        catchThrowableOfType(
            BadInputException.class, () -> CaRotation.dueAt(CaState.of(CA), settings));

    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CA_SETTINGS);
    assertThat(refused.getMessage()).startsWith("spec.ca.rotation.renewBefore: ");
  }

  @ParameterizedTest
  @CsvSource({
    "0s, 1h",
    "1ms, 1h",
    "15m, 1h",
    "14m59s, 1h",
    "15m1s, 1h0m4s",
    "2h, 8h",
    "24h, 96h",
  })
  void patienceIsFourPropagationDelaysButAtLeastAnHour(String delay, String expected) {
    assertThat(CaRotation.patience(Durations.parse(delay))).isEqualTo(Durations.parse(expected));
  }

  @Test
  void withoutRotationSettingsTheDefaultsApply() throws Exception {
    TrustDomainSettings settings = settings(ca -> {});

    settings.requireValidCaSettings();

    assertThat(settings.caTtl()).isEqualTo(Duration.ofDays(365));
    assertThat(settings.renewBefore(Duration.ofDays(365))).isEqualTo(Duration.ofHours(2920));
    assertThat(settings.propagationDelay()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.rotationRequest()).isNull();
    assertThat(settings.dropOldRoot()).isFalse();
    assertThat(settings.providedCaSecret()).isEmpty();
  }

  @Test
  void emptyRequestAndSecretNameCountAsUnset() {
    TrustDomainSettings settings =
        settings(
            ca -> {
              ca.setSecretName("");
              rotation(
                  ca,
                  r -> {
                    r.setRequest("");
                    r.setDropOldRoot(true);
                  });
            });

    assertThat(settings.rotationRequest()).isNull();
    assertThat(settings.providedCaSecret()).isEmpty();
    assertThat(settings.dropOldRoot()).isTrue();
  }

  @Test
  void aRenewBeforeShorterThanTheTtlIsAccepted() throws Exception {
    settings(ca -> rotatingCa(ca, "24h", "23h59m59s")).requireValidCaSettings();
    settings(ca -> rotatingCa(ca, null, "8759h")).requireValidCaSettings();
  }

  @Test
  void aRenewBeforeThatLeavesNoRoomForThePropagationDelayIsRefused() {
    BadInputException refused =
        refusal(settings(ca -> rotatingCa(ca, "720h", "20m"))); // default delay 15m
    assertThat(refused.getMessage())
        .startsWith("spec.ca.rotation.renewBefore 20m leaves too little time")
        .contains("at least twice propagationDelay");
    BadInputException zero = refusal(settings(ca -> rotatingCa(ca, "720h", "0s")));
    assertThat(zero.reason()).isEqualTo(Reasons.INVALID_CA_SETTINGS);
  }

  @Test
  void aProvidedCaIsNotHeldToTheTtlThatIsIgnoredForIt() throws Exception {
    // A provided CA of ten years, warned about two years before its end: spec.ca.ttl (default
    // 8760h) does not apply to it, so it cannot bound renewBefore.
    TrustDomainSettings settings =
        settings(
            ca -> {
              ca.setSecretName("org-ca");
              rotation(ca, r -> r.setRenewBefore("17520h"));
            });

    settings.requireValidCaSettings();

    assertThat(CaRotation.dueAt(CaState.of(CA), settings))
        .as("a provided CA shorter than renewBefore is due at once")
        .isBefore(MADE);
  }

  @Test
  void aProvidedCaStillHasItsRenewBeforeRead() {
    TrustDomainSettings settings =
        settings(
            ca -> {
              ca.setSecretName("org-ca");
              rotation(ca, r -> r.setRenewBefore("two years"));
            });

    assertThat(refusal(settings).getMessage()).startsWith("spec.ca.rotation.renewBefore: ");
  }

  @ParameterizedTest
  @CsvSource({"24h, 24h, 24h", "24h, 25h, 24h", ", 8760h, 8760h", ", 9000h, 8760h"})
  void aRenewBeforeNotShorterThanTheTtlIsRefused(String ttl, String renewBefore, String lifetime) {
    BadInputException refused = refusal(settings(ca -> rotatingCa(ca, ttl, renewBefore)));

    assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CA_SETTINGS);
    assertThat(refused.getMessage())
        .startsWith(
            "spec.ca.rotation.renewBefore "
                + renewBefore
                + " is not shorter than the CA's lifetime of "
                + lifetime
                + ";")
        .contains("Use a shorter renewBefore");
  }

  @ParameterizedTest
  @CsvSource({
    "renewBefore, ten days, spec.ca.rotation.renewBefore: , such as 24h",
    "renewBefore, 1d, spec.ca.rotation.renewBefore: , such as 24h",
    "propagationDelay, 15min, spec.ca.rotation.propagationDelay: , such as 24h",
    "propagationDelay, -5m, spec.ca.rotation.propagationDelay: , such as 24h",
    "ttl, 1y, spec.ca.ttl: , such as 24h",
    "ttl, 30m, spec.ca.ttl 30m is shorter than the minimum of 1h, such as 8760h",
    "keyType, EC, spec.ca.keyType \"EC\" is not supported, use one of ECP256",
  })
  void aBadCaSettingIsRefusedNamingItsField(
      String field, String value, String start, String advice) {
    TrustDomainSettings settings =
        settings(
            ca -> {
              switch (field) {
                case "renewBefore" -> rotation(ca, r -> r.setRenewBefore(value));
                case "propagationDelay" -> rotation(ca, r -> r.setPropagationDelay(value));
                case "ttl" -> ca.setTtl(value);
                default -> ca.setKeyType(value);
              }
            });

    BadInputException refused = refusal(settings);

    assertThat(refused.reason()).isEqualTo(Reasons.INVALID_CA_SETTINGS);
    assertThat(refused.getMessage()).startsWith(start).contains(advice);
  }

  private static BadInputException refusal(TrustDomainSettings settings) {
    BadInputException refused =
        catchThrowableOfType(BadInputException.class, settings::requireValidCaSettings);
    assertThat(refused).as("the settings are refused").isNotNull();
    return refused;
  }

  private static void rotatingCa(CaSpec ca, String ttl, String renewBefore) {
    ca.setTtl(ttl);
    rotation(ca, r -> r.setRenewBefore(renewBefore));
  }

  private static void rotation(CaSpec ca, Consumer<CaRotationSpec> edit) {
    CaRotationSpec rotation = ca.getRotation() == null ? new CaRotationSpec() : ca.getRotation();
    edit.accept(rotation);
    ca.setRotation(rotation);
  }

  private static TrustDomainSettings settings(Consumer<CaSpec> edit) {
    CaSpec ca = new CaSpec();
    edit.accept(ca);
    TrustDomainSpec spec = new TrustDomainSpec();
    spec.setTrustDomain("example.org");
    spec.setCa(ca);
    TrustDomain td = new TrustDomain();
    td.setMetadata(new ObjectMetaBuilder().withName("example").build());
    td.setSpec(spec);
    try {
      return TrustDomainSettings.of(td);
    } catch (BadInputException e) {
      throw new AssertionError("the test's TrustDomain is invalid: " + e.getMessage(), e);
    }
  }
}
