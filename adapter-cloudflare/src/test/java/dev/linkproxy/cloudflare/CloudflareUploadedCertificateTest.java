package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.linkproxy.cloudflare.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certificate: pem:<cert>,<key>} end to end, with certificates minted here: uploaded once as {@code sni_custom},
 * refused before any write when it cannot serve the link domain, and its key never seen outside the upload body.
 */
class CloudflareUploadedCertificateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = "ablink.news.example.com";
    private static final String UPLOAD = "POST /zones/{zone}/custom_certificates";
    private static final Instant FROM = Fixture.NOW.minus(Duration.ofDays(10));
    private static final Instant UNTIL = Fixture.NOW.plus(Duration.ofDays(80));

    @TempDir
    Path dir;
    private Fixture fixture;

    @BeforeEach
    void startFakeAccount() {
        fixture = new Fixture().start();
        fixture.fake.zone("example.com");
    }

    @AfterEach
    void everyRequestKeptToCloudflaresApiDescription() {
        fixture.stop();
    }

    private LinkProxySpec spec(Path cert, Path key) {
        return LinkProxySpec.builder().linkDomains(LINK).certificate("pem:" + cert + "," + key).build();
    }

    private <T> T with(Function<CdnClient, T> body) {
        try (CdnClient client = fixture.provider().connect(fixture.settings())) {
            return body.apply(client);
        }
    }

    private Deployment apply(LinkProxySpec spec) {
        return with(c -> c.apply(spec, Progress.NONE));
    }

    @Test
    void aMintedCertificateIsUploadedOnceAsSniCustomAndTheKeyGoesOnlyIntoThatBody() throws Exception {
        var keys = TestCertificates.rsa();
        String certPem = TestCertificates.certificate(keys, FROM, UNTIL, LINK);
        String keyPem = TestCertificates.traditionalKey(keys);
        assertTrue(keyPem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1, as openssl's traditional form");
        LinkProxySpec spec = spec(TestCertificates.write(dir, "link.crt", certPem),
                TestCertificates.write(dir, "link.key", keyPem));

        Deployment d = apply(spec);

        Journal journal = fixture.journal();
        String sent = journal.made(UPLOAD).body();
        JsonNode body = JSON.readTree(sent);
        assertEquals("sni_custom", body.path("type").asText());
        assertEquals(certPem, body.path("certificate").asText());
        assertEquals(keyPem, body.path("private_key").asText());
        assertEquals("ubiquitous", body.path("bundle_method").asText());
        String uploadPath = journal.calls().stream().filter(c -> c.method().equals("POST")
                && c.path().endsWith("/custom_certificates")).findFirst().orElseThrow().path();
        assertEquals(List.of(), ApiContract.load().problems("POST", uploadPath, sent), "request-schemas.json");
        // Every line of the key's body appears in the upload and in no other request.
        for (Journal.Call c : journal.calls()) {
            if (c.path().equals(uploadPath) && c.method().equals("POST")) {
                continue;
            }
            for (String line : TestCertificates.body(keyPem)) {
                assertFalse((c.path() + c.body()).contains(line), "key material in " + c);
            }
        }
        assertEquals(List.of(LINK), List.of(JSON.treeToValue(fixture.fake.customCertificates.get(0).path("hosts"), String[].class)));
        assertEquals(fixture.fake.customCertificates.get(0).path("id").asText(), d.resources().get("custom_certificate"));
        assertEquals(Deployment.Status.IN_PROGRESS, d.status());

        int before = fixture.journal().size();
        Deployment again = apply(spec);
        assertThat(fixture.journal().since(before)).madeNoWrites();
        assertEquals(d.id(), again.id());
        Plan held = with(c -> c.plan(spec));
        assertEquals(1, held.changes().size(), "only the record, held until the upload is active: " + held.toText());
        assertTrue(fixture.fake.recordsNamed(LINK).isEmpty(), "the name keeps its record until the certificate serves");
        assertEquals(Deployment.Status.DEPLOYED, with(c -> c.await(again, Duration.ofMinutes(5), Progress.NONE)).status());
        assertTrue(fixture.fake.recordsNamed(LINK).get(0).path("proxied").asBoolean(), "written by await");
        assertTrue(with(c -> c.plan(spec)).isEmpty());
    }

    @Test
    void aPkcs8EcKeyIsReadAndMatchedToo() {
        var keys = TestCertificates.ec();
        String keyPem = TestCertificates.pkcs8Key(keys);
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
        apply(spec(TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, FROM, UNTIL, LINK)),
                TestCertificates.write(dir, "k.pem", keyPem)));
        assertThat(fixture.journal()).made(UPLOAD).once();
    }

    @Test
    void aCertificateThatDoesNotNameTheLinkDomainIsRefusedBeforeAnyCall() {
        var keys = TestCertificates.rsa();
        // *.example.com covers one level only: not ablink.news.example.com
        LinkProxySpec spec = spec(
                TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, FROM, UNTIL, "*.example.com", "www.example.com")),
                TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(keys)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec));
        assertTrue(e.getMessage().contains("does not cover linkDomains[0] \"" + LINK + "\""), e.getMessage());
        assertEquals("certificate", e.problems().get(0).path());
        assertEquals(0, fixture.journal().size(), "the files are checked before the first call");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefusedBeforeAnyWrite() {
        var issued = TestCertificates.rsa();
        var other = TestCertificates.rsa();
        LinkProxySpec spec = spec(
                TestCertificates.write(dir, "c.pem", TestCertificates.certificate(issued, FROM, UNTIL, LINK)),
                TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(other)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("k.pem").toString()), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void anEcKeyForAnotherCertificateIsRefusedToo() {
        var issued = TestCertificates.ec();
        assertTrue(TestCertificates.traditionalKey(issued).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        LinkProxySpec spec = spec(
                TestCertificates.write(dir, "c.pem", TestCertificates.certificate(issued, FROM, UNTIL, LINK)),
                TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(TestCertificates.ec())));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec));
        assertTrue(e.getMessage().contains("does not belong to the certificate"), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void anExpiredCertificateIsRefusedBeforeAnyWriteByTheInjectedClock() {
        var keys = TestCertificates.rsa();
        Instant expired = Fixture.NOW.minus(Duration.ofDays(1));
        LinkProxySpec spec = spec(
                TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, expired.minus(Duration.ofDays(90)), expired, LINK)),
                TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(keys)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec));
        assertTrue(e.getMessage().contains("expired on " + expired), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();

        // The same files, on a clock inside their validity window: uploaded. The check reads the injected clock.
        fixture.clock = Clock.fixed(expired.minus(Duration.ofDays(2)), ZoneOffset.UTC);
        apply(spec);
        assertThat(fixture.journal()).made(UPLOAD).once();
    }

    @Test
    void aCertificateNotYetValidIsRefused() {
        var keys = TestCertificates.rsa();
        Instant start = Fixture.NOW.plus(Duration.ofDays(3));
        LinkProxySpec spec = spec(
                TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, start, start.plus(Duration.ofDays(90)), LINK)),
                TestCertificates.write(dir, "k.pem", TestCertificates.traditionalKey(keys)));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec));
        assertTrue(e.getMessage().contains("not valid before " + start), e.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    @Test
    void anEncryptedOrMissingKeyIsRefusedWithoutEchoingTheFile() {
        var keys = TestCertificates.rsa();
        Path cert = TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, FROM, UNTIL, LINK));
        Path encrypted = TestCertificates.write(dir, "enc.pem",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> apply(spec(cert, encrypted)));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
        assertFalse(e.getMessage().contains("MIIFHDBOBgkqhkiG9w0BBQ0w"), e.getMessage());
        Path certAsKey = cert; // a file with no key in it
        InvalidSpecException none = assertThrows(InvalidSpecException.class, () -> apply(spec(cert, certAsKey)));
        assertTrue(none.getMessage().contains("holds no PEM private key"), none.getMessage());
        assertThat(fixture.journal()).madeNoWrites();
    }

    /**
     * The key's body (every base64 line between its PEM markers) is absent from the render, the plan (text and JSON),
     * progress events, the deployment, every exception message and cause on the refusal and failure paths, and the
     * log lines the adapter writes while uploading.
     */
    @Test
    void thePrivateKeyNeverAppearsInARenderPlanErrorOrLog() {
        var keys = TestCertificates.rsa();
        String keyPem = TestCertificates.traditionalKey(keys);
        Path cert = TestCertificates.write(dir, "c.pem", TestCertificates.certificate(keys, FROM, UNTIL, LINK));
        Path key = TestCertificates.write(dir, "k.pem", keyPem);
        LinkProxySpec spec = spec(cert, key);
        List<String> seen = new ArrayList<>();

        seen.add(new CloudflareProvider().render(spec).toJsonText());
        seen.add(String.join("\n", new CloudflareProvider().render(spec).notes()));
        seen.add(new CloudflareRenderer().render(spec, java.util.Optional.of("example.com")).toString());
        Plan plan = with(c -> c.plan(spec));
        seen.add(plan.toText());
        seen.add(plan.toJson().toString());
        seen.add(plan.toString());
        seen.add(spec.toString());

        // A mismatched key and an expired certificate: the refusals name files, not content.
        Path expired = TestCertificates.write(dir, "old.pem", TestCertificates.certificate(keys,
                FROM.minus(Duration.ofDays(400)), FROM.minus(Duration.ofDays(300)), "other.example.net"));
        Path stranger = TestCertificates.write(dir, "stranger.pem",
                TestCertificates.certificate(TestCertificates.rsa(), FROM, UNTIL, LINK));
        for (LinkProxySpec refused : List.of(spec(expired, key), spec(stranger, key))) {
            LinkProxyException e = assertThrows(LinkProxyException.class, () -> apply(refused));
            seen.add(everything(e));
        }

        // Cloudflare refusing the upload: the error carries its message, never the body that was sent.
        var refusal = fixture.override(post(urlPathMatching(".*/custom_certificates")).willReturn(
                Fixture.cloudflareError(400, 1402, "The certificate and key did not match")));
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        List<String> progress = new ArrayList<>();
        try {
            System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
            CdnException e = assertThrows(CdnException.class, () -> with(c -> c.apply(spec, ev -> progress.add(ev.toString()))));
            seen.add(everything(e));
            fixture.server.removeStub(refusal); // the fake account answers again
            Deployment d = with(c -> c.apply(spec, ev -> progress.add(ev.toString())));
            seen.add(d.toString());
        } finally {
            System.setErr(err);
        }
        String log = logs.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("POST /zones/{zone_id}/custom_certificates -> 400"), "the log was captured:\n" + log);
        assertTrue(log.contains("POST /zones/{zone_id}/custom_certificates -> 200"), "the log was captured:\n" + log);
        seen.add(log);
        seen.addAll(progress);
        assertFalse(progress.isEmpty());

        List<String> lines = TestCertificates.body(keyPem);
        assertTrue(lines.size() > 10, "an RSA 2048 key is some 25 lines of base64");
        String joined = String.join("", lines);
        for (String text : seen) {
            assertFalse(text.replaceAll("\\s", "").contains(joined), "the key body in: " + text);
            for (String line : lines) {
                assertFalse(text.contains(line), "a line of the key in: " + text);
            }
        }
        assertThat(fixture.journal()).made(UPLOAD).times(2); // the refused upload and the good one
    }

    /** A throwable's messages, causes and suppressed ones, and their string forms. */
    private static String everything(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            out.append(x).append('\n').append(x.getMessage()).append('\n');
            for (Throwable s : x.getSuppressed()) {
                out.append(everything(s));
            }
            if (x.getCause() == x) {
                break;
            }
        }
        return out.toString();
    }
}
