package dev.linkproxy.cloudflare;

import dev.linkproxy.core.SpecProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks on the PEM files of a {@code pem:} certificate before they are uploaded, with the JDK only: the certificate
 * names every link domain, is inside its validity window, and the key belongs to it.
 *
 * <p>Nothing here puts key material into a message: errors name the file and what is wrong with it, never its
 * content, and the causes of key-parsing failures are dropped for the same reason.
 */
final class CloudflarePem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_OID = hex("06072a8648ce3d0201");

    private CloudflarePem() {
    }

    /** The first certificate of a PEM file (a chain may follow it). */
    static X509Certificate certificate(String pem, Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new dev.linkproxy.core.LinkProxyException(file + " is not a PEM X.509 certificate: "
                    + e.getMessage(), e);
        }
    }

    /** The certificate's DNS subject alternative names, lower-cased. */
    static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
                        names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateException e) {
            // an unreadable extension names nothing; the coverage check then says so
        }
        return names;
    }

    /** What is wrong with the certificate's validity window at {@code now}, if anything. */
    static Optional<SpecProblem> validity(X509Certificate cert, Instant now, Path file) {
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            return Optional.of(new SpecProblem("certificate", file + " expired on " + notAfter
                    + "; uploading it would break HTTPS for the link domains: renew it and apply again"));
        }
        if (now.isBefore(notBefore)) {
            return Optional.of(new SpecProblem("certificate", file + " is not valid before " + notBefore
                    + "; apply again once it is"));
        }
        return Optional.empty();
    }

    /**
     * The private key of a PEM file: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
     * ({@code EC PRIVATE KEY}), unencrypted, as Cloudflare takes it. Errors name the file only.
     */
    static PrivateKey privateKey(String pem, Path file) throws KeyProblem {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("ENCRYPTED PRIVATE KEY") || (type.endsWith("PRIVATE KEY") && m.group(2).contains("ENCRYPTED"))) {
                throw new KeyProblem(file + " holds an encrypted private key; Cloudflare needs it unencrypted "
                        + "(openssl pkey -in <file> -out <new file>)");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new KeyProblem(file + ": the " + type + " block is not valid base64");
            }
            try {
                switch (type) {
                    case "PRIVATE KEY":
                        return pkcs8(der, file);
                    case "RSA PRIVATE KEY":
                        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                                tlv(0x30, concat(hex("020100"), RSA_ALGORITHM, tlv(0x04, der)))));
                    case "EC PRIVATE KEY":
                        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(sec1ToPkcs8(der, file)));
                    default:
                        // another block (a certificate, EC PARAMETERS): look further
                }
            } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
                throw new KeyProblem(file + ": the " + type + " block is not a private key this JDK can read");
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        throw new KeyProblem(file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /**
     * True when {@code key} is the private half of the certificate's public key: for RSA the modulus and public
     * exponent are compared; for other algorithms (EC, EdDSA), whose public key the JDK cannot derive from the private
     * one, a random challenge signed with the key must verify with the certificate's public key.
     */
    static boolean matches(X509Certificate cert, PrivateKey key) {
        PublicKey pub = cert.getPublicKey();
        if (pub instanceof RSAPublicKey rsa) {
            if (key instanceof RSAPrivateCrtKey crt) {
                return crt.getModulus().equals(rsa.getModulus()) && crt.getPublicExponent().equals(rsa.getPublicExponent());
            }
            return key instanceof RSAPrivateKey k && k.getModulus().equals(rsa.getModulus());
        }
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> "SHA256with" + key.getAlgorithm();
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A problem with the key file; its message names the file, never the key. */
    static final class KeyProblem extends Exception {
        private static final long serialVersionUID = 1L;

        KeyProblem(String message) {
            super(message, null, false, false);
        }
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws KeyProblem {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new KeyProblem(file + ": the PRIVATE KEY block is not an RSA, EC or EdDSA key");
    }

    /** SEC1 {@code ECPrivateKey} wrapped as PKCS#8, with the curve taken from its {@code [0]} parameters. */
    private static byte[] sec1ToPkcs8(byte[] sec1, Path file) throws KeyProblem {
        int[] outer = header(sec1, 0);
        if (sec1[0] != 0x30) {
            throw new KeyProblem(file + ": the EC PRIVATE KEY block is not a SEC1 structure");
        }
        int at = outer[0];
        int end = outer[0] + outer[1];
        byte[] curve = null;
        while (at < end) {
            int[] h = header(sec1, at);
            if ((sec1[at] & 0xff) == 0xa0) {
                curve = Arrays.copyOfRange(sec1, h[0], h[0] + h[1]); // the named curve's OID, tag and all
            }
            at = h[0] + h[1];
        }
        if (curve == null) {
            throw new KeyProblem(file + ": the EC PRIVATE KEY block does not name its curve");
        }
        return tlv(0x30, concat(hex("020100"), tlv(0x30, concat(EC_OID, curve)), tlv(0x04, sec1)));
    }

    /** {@code {content offset, content length}} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int len = der[at + 1] & 0xff;
        int offset = at + 2;
        if (len > 0x7f) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[offset++] & 0xff);
            }
        }
        return new int[] {offset, len};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String text) {
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
