package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, secrets: across every flow and failure, with explicit credentials of recognisable random values, nothing a
 * person or a log can see holds the secret access key or the session token: every log line at the most verbose level
 * (SLF4J at TRACE, which carries the AWS SDK's logging; java.util.logging at ALL, which carries the JDK HTTP client's;
 * System.out and System.err), every exception's message and full stack trace, the toString of the public types, every
 * plan as text and JSON, the native config. The fault matrix runs the same scan on each of its cells.
 */
class SecretsTest extends WireMockCloudFront {

    /** Everything scanned at the end of a test. */
    private final List<String> seen = new ArrayList<>();

    @Override
    ProviderSettings settings() {
        return Secrets.settings(URI.create(server.baseUrl()), RetryPolicy.builder().maxAttempts(3)
                .sleeper(retryWaits::add).random(() -> 0.5).build()).callTimeout(Duration.ofSeconds(10)).build();
    }

    private ProviderSettings longTermKeys() {
        return ProviderSettings.builder()
                .endpoint(URI.create(server.baseUrl()))
                .value("accessKeyId", Secrets.ACCESS_KEY_ID)
                .secret("secretAccessKey", dev.linkproxy.core.spi.Secret.of(Secrets.SECRET_ACCESS_KEY))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).sleeper(retryWaits::add).build())
                .build();
    }

    private <T> T see(T value) {
        seen.add(String.valueOf(value));
        if (value instanceof Plan p) {
            seen.add(p.toText());
            seen.add(p.toJson().toString());
        }
        if (value instanceof NativeConfig n) {
            seen.add(n.toJson().toString());
            seen.add(n.config().toString());
        }
        return value;
    }

    /** Runs {@code flow}; a failure must be a CdnException, whose message and stack trace are kept for the scan. */
    private CdnException failure(ProviderSettings settings, Function<CdnClient, ?> flow) {
        try (CdnClient client = provider().connect(settings)) {
            see(client);
            see(flow.apply(client));
            return null;
        } catch (CdnException e) {
            see(e);
            seen.add(CapturedLogs.stackTrace(e));
            return e;
        }
    }

    private void everyFlowAndFailure(ProviderSettings settings) {
        see(settings);
        see(new CloudFrontProvider().settings());
        see(new CloudFrontProvider().render(spec()));
        // create, plan, find, await, no-op
        assertEquals(null, failure(settings, c -> {
            see(c.plan(spec()));
            Deployment created = c.apply(spec(), this::see);
            see(c.find(spec()));
            see(c.await(created, Duration.ofMinutes(5), this::see));
            return c.apply(spec(), this::see);
        }));
        String id = fake.all().get(0).id;
        // drift repaired, with a PreconditionFailed on the way
        fake.edit(id, doc -> Xml.set(doc, "IsIPV6Enabled", "false"));
        fake.changeBeforeNextUpdate(doc -> Xml.set(doc, "Comment", "changed meanwhile"));
        assertEquals(null, failure(settings, c -> {
            see(c.plan(spec()));
            return c.apply(spec(), this::see);
        }));
        // failures
        String other = "track.other.example.com";
        LinkProxySpec otherSpec = LinkProxySpec.builder().linkDomains(other).certificate("acm:" + ARN).build();
        fake.certificate(ARN, "ISSUED", DOMAIN, other);
        fake.aliasHeldElsewhere(other);
        assertEquals("CNAMEAlreadyExists", failure(settings, c -> c.apply(otherSpec, this::see)).errorCode().get());
        fake.certificate(ARN, "PENDING_VALIDATION", DOMAIN, other);
        assertEquals("DescribeCertificate", failure(settings, c -> c.apply(otherSpec, this::see)).operation());
        for (String[] error : new String[][] {{"403", "AccessDenied"}, {"403", "InvalidClientTokenId"},
                {"403", "SignatureDoesNotMatch"}, {"503", "ServiceUnavailable"}, {"429", "Throttling"}}) {
            server.stubFor(get(urlPathEqualTo(FakeCloudFront.API)).atPriority(1).willReturn(aResponse()
                    .withStatus(Integer.parseInt(error[0])).withHeader("Content-Type", "text/xml")
                    .withBody(FakeCloudFront.errorBody(error[1], "an error " + error[1]))));
            assertEquals(error[1], failure(settings, c -> c.apply(spec(), this::see)).errorCode().get());
        }
        server.stubFor(get(urlPathEqualTo(FakeCloudFront.API)).atPriority(1).willReturn(aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        assertEquals(CdnException.Kind.TRANSPORT, failure(settings, c -> c.apply(spec(), this::see)).kind());
        server.stubFor(get(urlPathEqualTo(FakeCloudFront.API)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withBody("<html>")));
        assertEquals(CdnException.Kind.UNEXPECTED_RESPONSE, failure(settings, c -> c.plan(spec())).kind());
    }

    /**
     * Temporary credentials, everything at TRACE but the two loggers that print a session token with each request
     * (which {@link CredentialLogGuard} requires at INFO for such credentials).
     */
    @Test
    void sessionCredentialsLeakNowhereInAnyFlowOrFailure() {
        try (CapturedLogs logs = CapturedLogs.openWithInfoOnly(CredentialLogGuard.SIGNER_LOGGER,
                CredentialLogGuard.JDK_HTTP_LOGGER)) {
            everyFlowAndFailure(settings());
            java.util.logging.Logger.getLogger("dev.linkproxy.canary").finest("jul canary");
            seen.add(logs.text());
            assertTrue(logs.text().contains("[DEBUG] software.amazon.awssdk.request"), "the SDK's debug log was not"
                    + " captured");
            assertTrue(logs.text().contains("[jul FINEST] dev.linkproxy.canary jul canary"),
                    "java.util.logging was not captured at its finest");
        }
        Secrets.assertNoSecretIn("the logs, errors, plans and toStrings of every flow", String.join("\n", seen));
    }

    /** Long-term keys: everything at its most verbose, the signer's canonical requests and the JDK's headers too. */
    @Test
    void longTermKeysLeakNowhereEvenWithEveryLoggerAtItsMostVerbose() {
        String text;
        try (CapturedLogs logs = CapturedLogs.open()) {
            everyFlowAndFailure(longTermKeys());
            text = logs.text();
        }
        assertTrue(text.contains("AWS4 Canonical Request"), "the SDK signer's DEBUG log was not captured");
        assertTrue(text.contains("Authorization: AWS4-HMAC-SHA256 Credential=" + Secrets.ACCESS_KEY_ID),
                "the JDK's request header log was not captured");
        seen.add(text);
        Secrets.assertNoSecretIn("the logs, errors, plans and toStrings of every flow", String.join("\n", seen));
        // linkproxy itself logs no request headers at any level: neither the signature nor the token.
        for (String line : text.split("\n")) {
            if (line.startsWith("[") && line.contains("] dev.linkproxy.")) {
                String lower = line.toLowerCase();
                assertFalse(lower.contains("authorization") || lower.contains("x-amz-security-token"), line);
            }
        }
    }

    /** Temporary credentials with the noisy loggers turned up: refused before a byte is sent, and nothing leaks. */
    @Test
    void sessionCredentialsAreNotSentWhileALogWouldPrintTheToken() {
        CdnException e;
        String text;
        try (CapturedLogs logs = CapturedLogs.open(); CdnClient client = client()) {
            e = assertThrows(CdnException.class, () -> client.apply(spec(), Progress.NONE));
            text = logs.text();
        }
        assertEquals("ListDistributions", e.operation());
        assertEquals(CdnException.Kind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains(CredentialLogGuard.SIGNER_LOGGER), e.getMessage());
        assertTrue(e.getMessage().contains(CredentialLogGuard.JDK_HTTP_LOGGER), e.getMessage());
        Journal.assertThat(server).madeCalls(0);
        Secrets.assertNoSecretIn("a refused call", text + e + CapturedLogs.stackTrace(e));
    }

    @Test
    void theGuardNamesTheLoggerThatIsTurnedUpAndLetsLongTermKeysThrough() {
        var session = AwsClients.credentials(settings());
        var longTerm = AwsClients.credentials(longTermKeys());
        new CredentialLogGuard(session, () -> false, () -> false).check("ListDistributions");
        new CredentialLogGuard(longTerm, () -> true, () -> true).check("ListDistributions");
        CdnException signer = assertThrows(CdnException.class,
                () -> new CredentialLogGuard(session, () -> true, () -> false).check("CreateDistribution"));
        assertEquals("CreateDistribution", signer.operation());
        assertTrue(signer.getMessage().contains(CredentialLogGuard.SIGNER_LOGGER), signer.getMessage());
        assertFalse(signer.getMessage().contains(CredentialLogGuard.JDK_HTTP_LOGGER), signer.getMessage());
        CdnException jdk = assertThrows(CdnException.class,
                () -> new CredentialLogGuard(session, () -> false, () -> true).check("GetDistributionConfig"));
        assertTrue(jdk.getMessage().contains(CredentialLogGuard.JDK_HTTP_LOGGER), jdk.getMessage());
    }

    /** The scan can fail: a token logged whole, or a piece of it, is caught. */
    @Test
    void theScanCatchesALoggedSecret() {
        String text;
        try (CapturedLogs logs = CapturedLogs.open()) {
            LoggerFactory.getLogger("dev.linkproxy.canary").trace("token {}", Secrets.SESSION_TOKEN.substring(20, 40));
            System.err.println("key " + Secrets.SECRET_ACCESS_KEY);
            text = logs.text();
        }
        assertThrows(AssertionFailedError.class, () -> Secrets.assertNoSecretIn("a canary", text.split("\n")[0]));
        assertThrows(AssertionFailedError.class, () -> Secrets.assertNoSecretIn("a canary", text.split("\n")[1]));
        Secrets.assertNoSecretIn("a clean text", "nothing here " + Secrets.ACCESS_KEY_ID);
    }

    /** CloudFront takes ACM certificates only; a PEM spec is refused by naming the files, never by quoting the key. */
    @Test
    void aPrivateKeyNeverReachesAnErrorOrAPlan(@TempDir Path dir) throws Exception {
        byte[] body = new byte[600];
        new java.security.SecureRandom().nextBytes(body);
        String keyBody = Base64.getEncoder().encodeToString(body).substring(0, 64);
        Secrets.PRIVATE_KEY_BODIES.add(keyBody);
        try {
            Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n"
                    + "-----END CERTIFICATE-----\n");
            Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n" + keyBody
                    + "\n-----END PRIVATE KEY-----\n");
            try (CapturedLogs logs = CapturedLogs.open()) {
                LinkProxySpec pem = LinkProxySpec.builder().linkDomains(DOMAIN)
                        .certificate("pem:" + cert + "," + key).build();
                see(pem);
                for (Function<CdnClient, ?> flow : List.<Function<CdnClient, ?>>of(c -> c.plan(pem),
                        c -> c.apply(pem, this::see))) {
                    try (CdnClient client = provider().connect(longTermKeys())) {
                        see(flow.apply(client));
                    } catch (RuntimeException e) {
                        see(e);
                        seen.add(CapturedLogs.stackTrace(e));
                    }
                }
                try {
                    see(new CloudFrontProvider().render(pem));
                } catch (RuntimeException e) {
                    see(e);
                    seen.add(CapturedLogs.stackTrace(e));
                }
                seen.add(logs.text());
            }
            Secrets.assertNoSecretIn("a PEM spec's errors", String.join("\n", seen));
        } finally {
            Secrets.PRIVATE_KEY_BODIES.remove(keyBody);
        }
    }
}
