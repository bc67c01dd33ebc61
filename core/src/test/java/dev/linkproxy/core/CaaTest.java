package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 8659 decisions, each with the sentence a person reads when issuance is forbidden. */
class CaaTest {

    private static final List<String> AMAZON = List.of("amazon.com", "amazontrust.com");

    private static Caa.Record issue(String value) {
        return new Caa.Record(0, "issue", value);
    }

    private static Caa.Record issuewild(String value) {
        return new Caa.Record(0, "issuewild", value);
    }

    @Test
    void aRecordIsNormalisedAndPrintedInZoneFileForm() {
        Caa.Record r = new Caa.Record(128, "ISSUE", "  LetsEncrypt.org; accounturi=https://acme.example/1  ");
        assertEquals("issue", r.tag());
        assertEquals("LetsEncrypt.org; accounturi=https://acme.example/1", r.value());
        assertEquals("128 issue \"LetsEncrypt.org; accounturi=https://acme.example/1\"", r.toString());
    }

    @Test
    void theIssuerIsTheDomainBeforeAnyParametersLowerCaseWithoutTrailingDot() {
        assertEquals("letsencrypt.org", issue("LetsEncrypt.org; accounturi=https://acme.example/1").issuer());
        assertEquals("amazon.com", issue("Amazon.com.").issuer());
        assertEquals("digicert.com", issue("digicert.com").issuer());
        // ";" alone forbids every CA: it names no issuer, not the issuer ";".
        assertEquals("", issue(";").issuer());
    }

    @Test
    void noRecordsOrNoKnownIssuersAllowIssuance() {
        assertEquals(Optional.empty(), Caa.refusal(List.of(), AMAZON, false));
        assertEquals(Optional.empty(), Caa.refusal(List.of(issue("digicert.com")), List.of(), false));
    }

    @Test
    void anIssuePropertyNamingTheCaAllowsIt() {
        assertEquals(Optional.empty(), Caa.refusal(List.of(issue("digicert.com"), issue("amazon.com")), AMAZON, false));
    }

    @Test
    void anIssuePropertyNamingOtherCasRefusesAndListsThem() {
        assertEquals(Optional.of("its CAA records allow only digicert.com, no CA at all (\";\")"),
                Caa.refusal(List.of(issue("digicert.com"), issue(";")), AMAZON, false));
    }

    @Test
    void aSetWithOnlyReportingPropertiesRestrictsNothing() {
        assertEquals(Optional.empty(),
                Caa.refusal(List.of(new Caa.Record(0, "iodef", "mailto:security@example.com")), AMAZON, false));
    }

    @Test
    void anUnknownCriticalPropertyForbidsEveryCa() {
        assertEquals(Optional.of("a critical CAA property \"tbs\" that no CA may ignore forbids issuance"),
                Caa.refusal(List.of(issue("amazon.com"), new Caa.Record(128, "tbs", "x")), AMAZON, false));
        // Other flag bits do not make a property critical.
        assertEquals(Optional.empty(),
                Caa.refusal(List.of(issue("amazon.com"), new Caa.Record(1, "tbs", "x")), AMAZON, false));
        // A critical property a CA understands is just obeyed.
        assertEquals(Optional.empty(),
                Caa.refusal(List.of(new Caa.Record(128, "issue", "amazon.com")), AMAZON, false));
    }

    @Test
    void aWildcardNameIsGovernedByIssuewildWhenThereIsOne() {
        List<Caa.Record> set = List.of(issue("amazon.com"), issuewild("digicert.com"));
        assertEquals(Optional.of("its CAA records allow only digicert.com"), Caa.refusal(set, AMAZON, true));
        assertEquals(Optional.empty(), Caa.refusal(set, AMAZON, false));
    }

    @Test
    void aWildcardNameFallsBackToIssueWithoutIssuewild() {
        assertEquals(Optional.of("its CAA records allow only digicert.com"),
                Caa.refusal(List.of(issue("digicert.com")), AMAZON, true));
        assertEquals(Optional.empty(), Caa.refusal(List.of(issue("amazontrust.com")), AMAZON, true));
    }

    @Test
    void issuewildDoesNotGovernPlainNames() {
        assertEquals(Optional.of("its CAA records allow only digicert.com"),
                Caa.refusal(List.of(issue("digicert.com"), issuewild("amazon.com")), AMAZON, false));
    }

    @Test
    void theRecordToAddNamesTheFirstIssuer() {
        assertEquals("example.com. CAA 0 issue \"amazon.com\"", Caa.recordToAdd("example.com", AMAZON, false));
        assertEquals("example.com. CAA 0 issuewild \"amazon.com\"", Caa.recordToAdd("example.com", AMAZON, true));
    }
}
