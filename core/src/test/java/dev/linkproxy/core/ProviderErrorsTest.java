package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What CDN and DNS failures tell a caller and a person: fields to branch on, and one readable sentence. */
class ProviderErrorsTest {

    @Test
    void aCdnFailureWithEverythingSaidReadsAsOneSentence() {
        IllegalStateException cause = new IllegalStateException("socket");
        CdnException e = CdnException.builder("cloudfront", "CreateDistribution", CdnException.Kind.CONFLICT)
                .httpStatus(409).errorCode("CNAMEAlreadyExists").detail("One or more aliases are in use")
                .hint("remove the alias from the other distribution").cause(cause).build();
        assertEquals("cloudfront CreateDistribution failed (HTTP 409, CNAMEAlreadyExists): One or more aliases are in"
                + " use. remove the alias from the other distribution", e.getMessage());
        assertEquals("cloudfront", e.provider());
        assertEquals("CreateDistribution", e.operation());
        assertEquals(CdnException.Kind.CONFLICT, e.kind());
        assertEquals(409, e.httpStatus());
        assertEquals(Optional.of("CNAMEAlreadyExists"), e.errorCode());
        assertEquals(Optional.of("One or more aliases are in use"), e.detail());
        assertEquals(Optional.of("remove the alias from the other distribution"), e.hint());
        assertEquals(Optional.empty(), e.retryAfter());
        assertSame(cause, e.getCause());
        assertFalse(e.retryable());
    }

    @Test
    void anErrorCodeWithoutAnAnswerIsStillNamed() {
        CdnException e = CdnException.builder("fastly", "GET /service", CdnException.Kind.TRANSPORT)
                .errorCode("ConnectException").build();
        assertEquals("fastly GET /service failed (ConnectException)", e.getMessage());
        assertEquals(0, e.httpStatus());
        assertTrue(e.retryable());
    }

    @Test
    void aBareFailureSaysOnlyWhatFailed() {
        CdnException e = CdnException.builder("fastly", "GET /service", CdnException.Kind.SERVER).detail("  ").build();
        assertEquals("fastly GET /service failed", e.getMessage());
        assertEquals(Optional.empty(), e.errorCode());
    }

    @Test
    void aHintAfterADetailThatEndsASentenceIsNotGivenASecondFullStop() {
        CdnException e = CdnException.builder("cloudflare", "POST /zones", CdnException.Kind.RATE_LIMITED)
                .httpStatus(429).detail("Rate limited.").hint("wait a minute").build();
        assertEquals("cloudflare POST /zones failed (HTTP 429): Rate limited. wait a minute", e.getMessage());
    }

    @Test
    void toBuilderRestatesEveryFieldButTheCause() {
        CdnException e = CdnException.builder("fastly", "POST /tls", CdnException.Kind.RATE_LIMITED).httpStatus(429)
                .errorCode("throttled").detail("slow down").retryAfter(Duration.ofSeconds(3))
                .cause(new RuntimeException()).build();
        CdnException again = e.toBuilder().build();
        assertEquals(e.getMessage(), again.getMessage());
        assertEquals(Duration.ofSeconds(3), again.retryAfter().orElseThrow());
        assertEquals(Optional.of("slow down"), again.detail());
        assertEquals(CdnException.Kind.RATE_LIMITED, again.kind());
        assertNull(again.getCause());
    }

    @Test
    void onlyTransientKindsAreRetryable() {
        for (CdnException.Kind kind : CdnException.Kind.values()) {
            boolean expected = kind == CdnException.Kind.RATE_LIMITED || kind == CdnException.Kind.SERVER
                    || kind == CdnException.Kind.TRANSPORT;
            assertEquals(expected, kind.retryable(), kind.name());
        }
    }

    @Test
    void aDnsFailureNamesProviderOperationAndWhatToDo() {
        RuntimeException cause = new RuntimeException("refused");
        DnsException e = new DnsException("route53", "ChangeResourceRecordSets", DnsException.Kind.PERMISSION,
                "AccessDenied", "allow route53:ChangeResourceRecordSets on the zone", cause);
        assertEquals("route53 ChangeResourceRecordSets failed: AccessDenied. allow route53:ChangeResourceRecordSets on"
                + " the zone", e.getMessage());
        assertEquals("route53", e.provider());
        assertEquals("ChangeResourceRecordSets", e.operation());
        assertEquals(DnsException.Kind.PERMISSION, e.kind());
        assertEquals(Optional.of("allow route53:ChangeResourceRecordSets on the zone"), e.hint());
        assertSame(cause, e.getCause());
    }

    @Test
    void aDnsFailureWithoutAHintEndsWithTheDetail() {
        DnsException e = new DnsException("rfc2136", "UPDATE", DnsException.Kind.CONFLICT, "the name changed", null, null);
        assertEquals("rfc2136 UPDATE failed: the name changed", e.getMessage());
        assertEquals(Optional.empty(), e.hint());
    }

    @Test
    void cdnKindsMapToDnsKindsWithTransientOnesUnavailable() {
        assertEquals(DnsException.Kind.AUTHENTICATION, DnsException.kindOf(CdnException.Kind.AUTHENTICATION));
        assertEquals(DnsException.Kind.PERMISSION, DnsException.kindOf(CdnException.Kind.PERMISSION));
        assertEquals(DnsException.Kind.NOT_FOUND, DnsException.kindOf(CdnException.Kind.NOT_FOUND));
        assertEquals(DnsException.Kind.CONFLICT, DnsException.kindOf(CdnException.Kind.CONFLICT));
        assertEquals(DnsException.Kind.INVALID_REQUEST, DnsException.kindOf(CdnException.Kind.INVALID_REQUEST));
        assertEquals(DnsException.Kind.UNAVAILABLE, DnsException.kindOf(CdnException.Kind.RATE_LIMITED));
        assertEquals(DnsException.Kind.UNAVAILABLE, DnsException.kindOf(CdnException.Kind.SERVER));
        assertEquals(DnsException.Kind.UNAVAILABLE, DnsException.kindOf(CdnException.Kind.TRANSPORT));
        assertEquals(DnsException.Kind.TIMEOUT, DnsException.kindOf(CdnException.Kind.TIMEOUT));
        assertEquals(DnsException.Kind.UNEXPECTED_RESPONSE, DnsException.kindOf(CdnException.Kind.UNEXPECTED_RESPONSE));
    }
}
