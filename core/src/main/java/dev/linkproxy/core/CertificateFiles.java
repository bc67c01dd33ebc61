package dev.linkproxy.core;

import dev.linkproxy.core.spi.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code pem:} certificate source and checks it before any CDN sees it: the files hold a certificate chain
 * and a PKCS#8 private key, the key belongs to the certificate, the certificate is inside its validity window and
 * covers every link domain. Each failure is a {@link SpecProblem} on {@code certificate} saying what to do; the key
 * never appears in one.
 */
public final class CertificateFiles {

    private static final Pattern CERT = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private CertificateFiles() {
    }

    /**
     * A certificate and its key, read and checked.
     *
     * @param chainPem    the certificate chain as PEM, leaf first, as read
     * @param privateKey  the private key as PEM, kept secret
     * @param leaf        the leaf certificate
     */
    public record Bundle(String chainPem, Secret privateKey, X509Certificate leaf) {

        /** The leaf's DNS names. */
        public List<String> names() {
            return CertificateNames.dnsNames(leaf);
        }

        @Override
        public String toString() {
            return "Bundle[" + leaf.getSubjectX500Principal() + ", names=" + names() + ", notAfter="
                    + leaf.getNotAfter().toInstant() + ", key=[redacted]]";
        }
    }

    /**
     * Reads and checks {@code source} for {@code linkDomains} at {@code now}.
     *
     * @throws InvalidSpecException naming every problem found
     */
    public static Bundle read(CertificateSource.Pem source, List<String> linkDomains, Instant now) {
        List<SpecProblem> problems = new ArrayList<>();
        String chainText = readText(source.certificateFile(), problems);
        String keyText = readText(source.keyFile(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        List<X509Certificate> chain = certificates(source.certificateFile(), chainText, problems);
        PrivateKey key = privateKey(source.keyFile(), keyText, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        X509Certificate leaf = chain.get(0);
        String file = "\"" + source.certificateFile() + "\"";
        if (!belongsTo(key, leaf)) {
            problems.add(problem("the key in \"" + source.keyFile() + "\" does not belong to the certificate in " + file
                    + "; give the key the certificate was issued for"));
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            problems.add(problem("the certificate in " + file + " expired on " + day(leaf.getNotAfter().toInstant())
                    + "; renew it"));
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            problems.add(problem("the certificate in " + file + " is not valid until "
                    + day(leaf.getNotBefore().toInstant()) + "; check the issuer's clock or wait"));
        }
        List<String> names = CertificateNames.dnsNames(leaf);
        for (int i = 0; i < linkDomains.size(); i++) {
            String domain = linkDomains.get(i);
            if (names.stream().noneMatch(n -> CertificateNames.covers(n, domain))) {
                problems.add(problem("the certificate in " + file + " does not cover linkDomains[" + i + "] \"" + domain
                        + "\" (it names " + (names.isEmpty() ? "no DNS name" : String.join(", ", names))
                        + "; a wildcard covers one label)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new Bundle(chainText.strip(), Secret.of(keyText.strip()), leaf);
    }

    private static String readText(Path file, List<SpecProblem> problems) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            problems.add(problem("cannot read \"" + file + "\": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
            return "";
        }
    }

    private static List<X509Certificate> certificates(Path file, String text, List<SpecProblem> problems) {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher m = CERT.matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            problems.add(problem("\"" + file + "\" holds a certificate that cannot be parsed; export it as PEM again"));
            return chain;
        }
        if (chain.isEmpty()) {
            problems.add(problem("\"" + file + "\" holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, String text, List<SpecProblem> problems) {
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            String hint = text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
                    ? "; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
                    : text.contains("ENCRYPTED") ? "; decrypt it first: openssl pkcs8 -topk8 -nocrypt" : "";
            problems.add(problem("\"" + file + "\" holds no unencrypted PKCS#8 private key (-----BEGIN PRIVATE KEY-----)"
                    + hint));
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            problems.add(problem("\"" + file + "\" holds a private key that is not valid base64"));
            return null;
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        problems.add(problem("\"" + file + "\" holds a private key that is neither RSA, EC nor Ed25519"));
        return null;
    }

    /** Signs a challenge with the key and checks it with the certificate's public key: works for any algorithm. */
    private static boolean belongsTo(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] challenge = "linkproxy key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static SpecProblem problem(String message) {
        return new SpecProblem("certificate", message);
    }
}
