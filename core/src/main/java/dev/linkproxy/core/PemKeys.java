package dev.linkproxy.core;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private keys from PEM text with the JDK alone: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and
 * SEC1 ({@code EC PRIVATE KEY}), unencrypted, the forms CDNs take. Problems name the file, never its content, and
 * parsing failures drop their causes for the same reason.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_OID = hex("06072a8648ce3d0201");

    private PemKeys() {
    }

    /**
     * The first private key in {@code pem}.
     *
     * @throws IllegalArgumentException a sentence naming {@code file} and what to do
     */
    static PrivateKey read(String pem, Path file) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("ENCRYPTED PRIVATE KEY") || (type.endsWith("PRIVATE KEY") && m.group(2).contains("ENCRYPTED"))) {
                throw new IllegalArgumentException("\"" + file + "\" holds an encrypted private key; CDNs need it "
                        + "unencrypted: openssl pkey -in <file> -out <new file>");
            }
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // a certificate or EC PARAMETERS block: look further
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + file + "\": the " + type + " block is not valid base64");
            }
            try {
                return switch (type) {
                    case "PRIVATE KEY" -> pkcs8(der, file);
                    case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                            tlv(0x30, concat(hex("020100"), RSA_ALGORITHM, tlv(0x04, der)))));
                    case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(
                            new PKCS8EncodedKeySpec(sec1ToPkcs8(der, file)));
                    default -> throw new IllegalArgumentException("\"" + file + "\": a " + type + " block is not a key"
                            + " this JDK can read; convert it: openssl pkcs8 -topk8 -nocrypt -in <file>");
                };
            } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("\"" + file + "\": the " + type + " block is not a private key this"
                        + " JDK can read");
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        throw new IllegalArgumentException("\"" + file + "\" holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or"
                + " EC PRIVATE KEY)");
    }

    /**
     * Whether {@code key} is the private half of the certificate's public key: for RSA the modulus and exponent are
     * compared; for EC and EdDSA, whose public key the JDK cannot derive from the private one, a random challenge
     * signed with the key must verify with the certificate's key.
     */
    static boolean belongsTo(PrivateKey key, X509Certificate cert) {
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
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : key.getAlgorithm();
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

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("\"" + file + "\": the PRIVATE KEY block is not an RSA, EC or EdDSA key");
    }

    /** SEC1 {@code ECPrivateKey} wrapped as PKCS#8, with the curve taken from its {@code [0]} parameters. */
    private static byte[] sec1ToPkcs8(byte[] sec1, Path file) {
        if (sec1[0] != 0x30) {
            throw new IllegalArgumentException("\"" + file + "\": the EC PRIVATE KEY block is not a SEC1 structure");
        }
        int[] outer = header(sec1, 0);
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
            throw new IllegalArgumentException("\"" + file + "\": the EC PRIVATE KEY block does not name its curve");
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
