package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpecFilesTest {

    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** A spec with no value left at its default. */
    private static LinkProxySpec everythingSet() {
        return LinkProxySpec.builder()
                .linkDomains("ablink.news.example.com", "klick.bücher.example")
                .origin("ses:eu-west-1")
                .originProtocol(OriginProtocol.HTTPS_ONLY)
                .minOriginTls(TlsVersion.TLS_1_3)
                .linkDomainHeader(LinkDomainHeader.HOST)
                .originReadTimeout(Duration.ofSeconds(45))
                .originKeepAlive(Duration.ofSeconds(9))
                .viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS))
                .forwarding(Forwarding.RUNBOOK)
                .cacheTtl(Duration.ofSeconds(10))
                .certificate("pem:certs/link.pem,certs/link.key")
                .minViewerTls(TlsVersion.TLS_1_3)
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2, HttpVersion.HTTP_3))
                .ipv6(false)
                .priceClass(PriceClass.CLASS_100)
                .build();
    }

    @ParameterizedTest
    @EnumSource(SpecFiles.Format.class)
    void roundTripIsLossless(SpecFiles.Format format) {
        for (LinkProxySpec spec : List.of(everythingSet(), LinkProxySpec.builder().linkDomains("a.example.com")
                .certificate("acm:" + ARN).build(), LinkProxySpec.builder().linkDomains("a.example.com")
                .origin("mailgun").certificate("managed").build())) {
            String text = SpecFiles.format(spec, format);
            LinkProxySpec back = SpecFiles.parse(text, format);
            assertEquals(spec, back, text);
            assertEquals(text, SpecFiles.format(back, format));
        }
    }

    @Test
    void jsonIsWrittenIndentedOneFieldALine() {
        String json = SpecFiles.format(LinkProxySpec.builder().linkDomains("ablink.subdomain.customer.com")
                .certificate("acm:" + ARN).build(), SpecFiles.Format.JSON);
        assertTrue(json.startsWith("{\n  \"linkDomains\" : [ \"ablink.subdomain.customer.com\" ],\n  \"origin\" : \"sendgrid\",\n"),
                json);
        assertEquals(SpecFiles.FIELDS.size() + 2, json.lines().count(), json);
    }

    @Test
    void yamlIsWrittenWithEveryField() {
        String yaml = SpecFiles.format(LinkProxySpec.builder().linkDomains("ablink.subdomain.customer.com")
                .certificate("acm:" + ARN).build(), SpecFiles.Format.YAML);
        assertEquals("""
                linkDomains:
                - ablink.subdomain.customer.com
                origin: sendgrid
                originProtocol: https-only
                minOriginTls: "1.2"
                linkDomainHeader: host
                originReadTimeoutSeconds: 30
                originKeepAliveSeconds: 5
                viewerProtocol: http-and-https
                methods:
                - GET
                - HEAD
                - OPTIONS
                - PUT
                - PATCH
                - POST
                - DELETE
                forwarding: managed-policies
                cacheTtlSeconds: 0
                certificate: acm:%s
                minViewerTls: "1.2"
                httpVersions:
                - "2"
                - "1.1"
                - "1.0"
                ipv6: true
                priceClass: all
                """.formatted(ARN), yaml);
    }

    @Test
    void aMinimalYamlFileTakesTheRunbookDefaults() {
        LinkProxySpec spec = SpecFiles.parse("""
                linkDomains: [ablink.subdomain.customer.com]
                certificate: acm:%s
                minViewerTls: 1.2
                httpVersions: [2, 1.1, 1.0]
                """.formatted(ARN), SpecFiles.Format.YAML);
        assertEquals(LinkProxySpec.builder().linkDomains("ablink.subdomain.customer.com").certificate("acm:" + ARN).build(), spec);
    }

    @Test
    void filesAreReadAndWrittenByExtension(@TempDir Path dir) throws Exception {
        LinkProxySpec spec = everythingSet();
        for (String name : List.of("spec.yaml", "spec.yml", "spec.json")) {
            Path file = dir.resolve(name);
            SpecFiles.write(spec, file);
            assertEquals(spec, SpecFiles.read(file));
        }
        assertTrue(Files.readString(dir.resolve("spec.json")).startsWith("{"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.read(dir.resolve("spec.txt")));
        assertEquals(dir.resolve("spec.txt") + ": unknown file type; name spec files *.yaml, *.yml or *.json",
                e.problems().get(0).toString());
    }

    @Test
    void aMisspeltFieldIsNamedWithTheLikelyIntent() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.parse("""
                linkDomains: [a.example.com]
                certificate: managed
                orgin: sendgrid
                """, SpecFiles.Format.YAML));
        assertEquals(List.of("orgin: unknown field; did you mean \"origin\"? Spec fields: " + String.join(", ", SpecFiles.FIELDS)),
                e.problems().stream().map(SpecProblem::toString).toList());
    }

    @Test
    void anUnknownFieldIsNamed() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.parse(
                "{\"linkDomains\":[\"a.example.com\"],\"certificate\":\"managed\",\"wafAcl\":\"x\"}", SpecFiles.Format.JSON));
        assertEquals("wafAcl: unknown field Spec fields: " + String.join(", ", SpecFiles.FIELDS),
                e.problems().get(0).toString());
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceInFieldOrder() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.parse("""
                priceClass: cheapest
                linkDomains: ["*.customer.com"]
                viewerProtocol: both
                originReadTimeoutSeconds: thirty
                methods: [GET, FETCH]
                ipv6: "yes"
                httpVersions: {two: true}
                """, SpecFiles.Format.YAML));
        assertEquals(List.of(
                "linkDomains[0]: \"*.customer.com\" is a wildcard; a link domain names one host",
                "originReadTimeoutSeconds: expected a whole number of seconds, got \"thirty\"",
                "viewerProtocol: \"both\" is not one of http-and-https, redirect-to-https",
                "methods[1]: \"FETCH\" is not one of GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE",
                "certificate: required; give \"acm:<certificate ARN>\", \"managed\", or \"pem:<certificate file>,<key file>\"",
                "httpVersions: expected a list, got a mapping",
                "ipv6: expected true or false, got \"yes\"",
                "priceClass: \"cheapest\" is not one of all, 200, 100"),
                e.problems().stream().map(SpecProblem::toString).toList());
    }

    @Test
    void malformedSyntaxSaysWhere() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecFiles.parse("{\"linkDomains\": [\"a.example.com\"", SpecFiles.Format.JSON));
        assertTrue(e.problems().get(0).toString().startsWith("(file): not valid JSON at line 1, column "),
                e.problems().get(0).toString());
    }

    @Test
    void aRepeatedKeyIsAnError() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.parse("""
                linkDomains: [a.example.com]
                certificate: managed
                certificate: acm:%s
                """.formatted(ARN), SpecFiles.Format.YAML));
        assertTrue(e.problems().get(0).message().contains("Duplicate field 'certificate'"), e.getMessage());
    }

    @Test
    void anEmptyOrNonMappingDocumentIsRefused() {
        assertEquals("(file): empty; a spec needs at least linkDomains and certificate",
                assertThrows(InvalidSpecException.class, () -> SpecFiles.parse("", SpecFiles.Format.YAML))
                        .problems().get(0).toString());
        assertEquals("(file): expected a mapping of spec fields, got a list",
                assertThrows(InvalidSpecException.class, () -> SpecFiles.parse("- a.example.com", SpecFiles.Format.YAML))
                        .problems().get(0).toString());
    }

    private static List<String> problems(String yaml) {
        return assertThrows(InvalidSpecException.class, () -> SpecFiles.parse(yaml, SpecFiles.Format.YAML))
                .problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void aNameTooFarFromEveryFieldGetsNoGuess() {
        assertEquals(List.of("x: unknown field Spec fields: " + String.join(", ", SpecFiles.FIELDS)),
                problems("linkDomains: [a.example.com]\ncertificate: managed\nx: 1\n"));
    }

    @Test
    void aGuessMayBeAsFarAsTwoEditsOrAThirdOfTheName() {
        assertEquals(List.of("orgn: unknown field; did you mean \"origin\"? Spec fields: " + String.join(", ", SpecFiles.FIELDS)),
                problems("linkDomains: [a.example.com]\ncertificate: managed\norgn: sendgrid\n"));
    }

    @Test
    void ofTwoEquallyCloseFieldsTheFirstInFileOrderIsGuessed() {
        assertEquals(List.of("originTls: unknown field; did you mean \"origin\"? Spec fields: "
                        + String.join(", ", SpecFiles.FIELDS)),
                problems("linkDomains: [a.example.com]\ncertificate: managed\noriginTls: \"1.3\"\n"));
    }

    @Test
    void secondsMayBeWrittenAsQuotedWholeNumbersButNotAsFractions() {
        LinkProxySpec spec = SpecFiles.parse("{\"linkDomains\": [\"a.example.com\"], \"certificate\": \"managed\","
                + " \"originReadTimeoutSeconds\": \" 45 \"}", SpecFiles.Format.JSON);
        assertEquals(Duration.ofSeconds(45), spec.originReadTimeout());
        assertEquals(List.of("originReadTimeoutSeconds: expected a whole number of seconds, got the number 4.5"),
                problems("linkDomains: [a.example.com]\ncertificate: managed\noriginReadTimeoutSeconds: 4.5\n"));
        assertEquals(List.of("originKeepAliveSeconds: expected a whole number of seconds, got true"),
                problems("linkDomains: [a.example.com]\ncertificate: managed\noriginKeepAliveSeconds: true\n"));
    }

    @Test
    void aSingleValueWhereAListIsExpectedIsAListOfOne() {
        LinkProxySpec spec = SpecFiles.parse("linkDomains: a.example.com\ncertificate: managed\nhttpVersions: \"1.1\"\n",
                SpecFiles.Format.YAML);
        assertEquals(List.of("a.example.com"), spec.linkDomains());
        assertEquals(EnumSet.of(HttpVersion.HTTP_1_1), spec.httpVersions());
        assertEquals(List.of("methods: GET and HEAD are required; mail clients follow tracked links with them"),
                problems("linkDomains: a.example.com\ncertificate: managed\nmethods: GET\nhttpVersions: \"1.1\"\n"));
    }
}
