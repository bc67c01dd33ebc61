package dev.linkproxy.samples;

import static dev.linkproxy.samples.BadInput.DOMAIN;
import static dev.linkproxy.samples.BadInput.assertRefused;
import static dev.linkproxy.samples.BadInput.online;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.samples.BadInput.Cdn;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8 §4, certificate and key files: {@code --certificate pem:<cert>,<key>} on the two CLIs that upload one
 * (Cloudflare, Fastly), with files minted here (BouncyCastle): not PEM, a truncated certificate, a key for another
 * certificate, expired, not yet valid, a name the certificate does not cover, an encrypted key, a missing key file, a
 * certificate where the key should be, the two swapped. {@code plan} and {@code apply --yes}, online: exit 2, stderr
 * naming the file and what is wrong, no API call, and no line of any private key's base64 body in the output.
 */
class BadInputCertificateTest {

    static final String CATEGORY = "certificate/key files";

    /** The commands each pair of files is given to. */
    static final List<List<String>> COMMANDS = List.of(List.of("plan"), List.of("apply", "--yes"));

    private static final AtomicLong SERIAL = new AtomicLong(7000);
    private static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;

    private static WireMockServer api;
    private static KeyPair keys;
    private static KeyPair otherKeys;
    /** Every private key written here, as PEM: none of their body lines may be printed. */
    private static final List<String> KEYS = new ArrayList<>();

    /** A scenario: the files, the link domain, and what stderr must say. */
    record Scenario(String name, String certFile, String keyFile, String domain, List<String> problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void mint() throws Exception {
        api = BadInput.startApi();
        keys = rsa();
        otherKeys = rsa();
        Instant from = NOW.minus(Duration.ofDays(10));
        Instant until = NOW.plus(Duration.ofDays(80));
        String good = certificate(keys, from, until, DOMAIN);
        write("good.crt", good);
        write("good.key", key(keys));
        write("other.key", key(otherKeys));
        write("notes.txt", "This is the certificate my provider sent me.\nIt is in the e-mail.\n");
        List<String> lines = good.lines().toList();
        write("truncated.crt", String.join("\n", lines.subList(0, lines.size() / 2)) + "\n-----END CERTIFICATE-----\n");
        write("expired.crt", certificate(keys, NOW.minus(Duration.ofDays(120)), NOW.minus(Duration.ofDays(30)), DOMAIN));
        write("future.crt", certificate(keys, NOW.plus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(93)), DOMAIN));
        write("wildcard.crt", certificate(keys, from, until, "*.example.com"));
        write("encrypted.key", encryptedKey(keys));
    }

    @AfterAll
    static void stop() {
        api.stop();
        BadInput.printSummary(CATEGORY, scenarios().size() + " pairs of files × cloudflare, fastly × plan, apply --yes");
    }

    @BeforeEach
    void forgetEarlierCalls() {
        api.resetAll();
    }

    static List<Scenario> scenarios() {
        return List.of(
                new Scenario("a text file, not PEM", "notes.txt", "good.key", DOMAIN,
                        List.of("\"{dir}/notes.txt\" holds no PEM certificate")),
                new Scenario("a truncated certificate", "truncated.crt", "good.key", DOMAIN,
                        List.of("\"{dir}/truncated.crt\" holds a certificate that cannot be parsed")),
                new Scenario("a key for another certificate", "good.crt", "other.key", DOMAIN,
                        List.of("the key in \"{dir}/other.key\" does not belong to the certificate in \"{dir}/good.crt\"")),
                new Scenario("an expired certificate", "expired.crt", "good.key", DOMAIN,
                        List.of("the certificate in \"{dir}/expired.crt\" expired on", "renew it")),
                new Scenario("a certificate not yet valid", "future.crt", "good.key", DOMAIN,
                        List.of("the certificate in \"{dir}/future.crt\" is not valid before")),
                new Scenario("a wildcard not covering a deeper link domain", "wildcard.crt", "good.key", "a.b.example.com",
                        List.of("the certificate in \"{dir}/wildcard.crt\" does not cover linkDomains[0] \"a.b.example.com\"",
                                "*.example.com")),
                new Scenario("an encrypted key", "good.crt", "encrypted.key", DOMAIN,
                        List.of("\"{dir}/encrypted.key\" holds an encrypted private key")),
                new Scenario("a missing key file", "good.crt", "gone.key", DOMAIN,
                        List.of("cannot read \"{dir}/gone.key\"")),
                new Scenario("the certificate given as the key too", "good.crt", "good.crt", DOMAIN,
                        List.of("\"{dir}/good.crt\" holds no PEM private key")),
                new Scenario("certificate and key swapped", "good.key", "good.crt", DOMAIN,
                        List.of("\"{dir}/good.key\" holds no PEM certificate", "\"{dir}/good.crt\" holds no PEM private key")));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Scenario s : scenarios()) {
            for (Cdn cdn : List.of(Cdn.CLOUDFLARE, Cdn.FASTLY)) {
                for (List<String> command : COMMANDS) {
                    cases.add(Arguments.of(s, cdn, String.join(" ", command)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {2}: {0}")
    @MethodSource("cases")
    void isRefusedBeforeAnyApiCallNamingTheFile(Scenario s, Cdn cdn, String command) {
        assertRefused(CATEGORY, cdn, args(command, s.domain(), s.certFile(), s.keyFile()), api, keyLines(),
                s.problem().stream().map(p -> p.replace("{dir}", dir.toString())).toArray(String[]::new));
    }

    /**
     * The control: the good pair in the same set-up passes the checks and reaches the API (which answers nothing
     * useful), so the empty journals above are the files' doing.
     */
    @ParameterizedTest
    @EnumSource(value = Cdn.class, names = {"CLOUDFLARE", "FASTLY"})
    void theGoodPairInTheSameSetUpReachesTheApi(Cdn cdn) {
        for (List<String> command : COMMANDS) {
            api.resetAll();
            CliRun run = cdn.run(args(String.join(" ", command), DOMAIN, "good.crt", "good.key"));
            assertNotEquals(ExitCode.BAD_INPUT, run.exitCode(), command + ": " + run.err());
            assertFalse(api.getAllServeEvents().isEmpty(), command + ": the API was not called: " + run.err());
            BadInput.assertNoSecret(run, keyLines());
        }
    }

    private static List<String> args(String command, String domain, String cert, String key) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--domain", domain, "--certificate", "pem:" + dir.resolve(cert) + "," + dir.resolve(key)));
        return online(api, args.toArray(String[]::new));
    }

    /** The base64 body lines of every private key written here. */
    private static List<String> keyLines() {
        return KEYS.stream().flatMap(String::lines)
                .filter(l -> !l.startsWith("-----") && !l.isBlank() && !l.contains(":"))
                .toList();
    }

    // ------------------------------------------------------------------------------------------ minting

    private static void write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (name.endsWith(".key")) {
            KEYS.add(text);
        }
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** A self-signed certificate for {@code keys}, valid from {@code notBefore} to {@code notAfter}, naming {@code dnsNames}. */
    private static String certificate(KeyPair keys, Instant notBefore, Instant notAfter, String... dnsNames)
            throws Exception {
        X500Name subject = new X500Name("CN=" + dnsNames[0]);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                keys.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(dnsNames)
                .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
        return pem(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    /** The key as PKCS#8 ({@code PRIVATE KEY}), as {@code openssl genpkey} writes it. */
    private static String key(KeyPair keys) throws Exception {
        return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    }

    /** The key as encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}), as {@code openssl genpkey -aes256} writes it. */
    private static String encryptedKey(KeyPair keys) throws Exception {
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setRandom(new SecureRandom())
                .setPassword("correct horse".toCharArray()).build();
        return pem(new JcaPKCS8Generator(keys.getPrivate(), encryptor).generate());
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
