package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Private keys in every PEM form a CDN takes, read with the JDK alone, and matched to their certificates. */
class PemKeysTest {

    private static final Path FILE = Path.of("keys/link.key");
    private static final List<String> NAMES = List.of("ablink.example.com");

    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static X509Certificate rsaCert;

    @BeforeAll
    static void rsaKeys() throws Exception {
        // 1024 bits: parsing does not depend on the size, and RSA key generation is the slowest step here.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        rsa = g.generateKeyPair();
        otherRsa = g.generateKeyPair();
        rsaCert = TestCertificates.certificate(rsa.getPublic(), rsa.getPrivate(), "SHA256withRSA", NAMES);
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static X509Certificate ecCertificate(KeyPair keys) throws Exception {
        return TestCertificates.certificate(keys.getPublic(), keys.getPrivate(), "SHA256withECDSA", NAMES);
    }

    /**
     * The key as {@code openssl ec} writes it: SEC1 with the curve and the public key (RFC 5915 §3), which
     * BouncyCastle's PEM writer leaves out for a JDK key.
     */
    private static String sec1(KeyPair keys) throws Exception {
        ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
        var curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
        var publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
        return block("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                key.getParams().getOrder().bitLength(), key.getS(), publicKey, curve).getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static String refusal(String pem) {
        return assertThrows(IllegalArgumentException.class, () -> PemKeys.read(pem, FILE)).getMessage();
    }

    @Test
    void aPkcs1RsaKeyIsRead() throws Exception {
        String pem = TestCertificates.pem(rsa.getPrivate());
        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pem);
        PrivateKey key = PemKeys.read(pem, FILE);
        assertArrayEquals(rsa.getPrivate().getEncoded(), key.getEncoded());
        assertTrue(PemKeys.belongsTo(key, rsaCert));
    }

    @Test
    void aPkcs8KeyOfEachAlgorithmIsRead() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        for (KeyPair keys : List.of(rsa, ec("secp256r1"), ed)) {
            PrivateKey key = PemKeys.read(block("PRIVATE KEY", keys.getPrivate().getEncoded()), FILE);
            assertArrayEquals(keys.getPrivate().getEncoded(), key.getEncoded(), keys.getPrivate().getAlgorithm());
        }
    }

    @Test
    void sec1EcKeysAreReadOnEveryCurveSize() throws Exception {
        // P-256's SEC1 structure fits a one-byte DER length, P-384's and P-521's do not.
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            KeyPair keys = ec(curve);
            PrivateKey key = PemKeys.read(sec1(keys), FILE);
            assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) key).getS(), curve);
            assertTrue(PemKeys.belongsTo(key, ecCertificate(keys)), curve);
        }
    }

    /**
     * A SEC1 structure of exactly {@code length} bytes for the same key: leading zero bytes in its private key octets
     * leave the number unchanged and stretch the structure to any DER length form.
     */
    private static byte[] sec1OfLength(KeyPair keys, int length) throws Exception {
        ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
        ASN1Encodable curve = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
        byte[] s = BigIntegers.asUnsignedByteArray(32, key.getS());
        for (int padding = Math.max(0, length - 80); padding <= length; padding++) {
            byte[] octets = new byte[s.length + padding];
            System.arraycopy(s, 0, octets, padding, s.length);
            byte[] der = new DERSequence(new ASN1Encodable[] {new ASN1Integer(1), new DEROctetString(octets),
                    new DERTaggedObject(true, 0, curve)}).getEncoded();
            if (der.length == length) {
                return der;
            }
        }
        throw new AssertionError("no SEC1 structure of " + length + " bytes");
    }

    @Test
    void sec1KeysAreRewrappedCorrectlyAtEveryDerLengthBoundary() throws Exception {
        KeyPair keys = ec("secp256r1");
        X509Certificate cert = ecCertificate(keys);
        // DER writes lengths up to 127 in one byte, up to 255 in two, up to 65,535 in three: each side of each edge.
        for (int length : List.of(127, 128, 129, 255, 256, 65_535)) {
            PrivateKey key = PemKeys.read(block("EC PRIVATE KEY", sec1OfLength(keys, length)), FILE);
            assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) key).getS(), "SEC1 of " + length);
            assertTrue(PemKeys.belongsTo(key, cert), "SEC1 of " + length);
        }
    }

    @Test
    void blocksThatAreNotKeysAreSkipped() throws Exception {
        KeyPair keys = ec("secp256r1");
        String pem = block("CERTIFICATE", rsaCert.getEncoded())
                + block("EC PARAMETERS", HexFormat.of().parseHex("06082a8648ce3d030107"))
                + sec1(keys);
        assertEquals(((ECPrivateKey) keys.getPrivate()).getS(), ((ECPrivateKey) PemKeys.read(pem, FILE)).getS());
    }

    @Test
    void textWithoutAKeyIsRefusedNamingTheForms() {
        assertEquals("\"keys/link.key\" holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
                refusal(block("CERTIFICATE", new byte[] {1, 2, 3})));
    }

    @Test
    void anEncryptedTraditionalKeyIsRefusedWithTheWayOut() {
        assertEquals("\"keys/link.key\" holds an encrypted private key; CDNs need it unencrypted: openssl pkey -in"
                + " <file> -out <new file>", refusal("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"));
    }

    @Test
    void aKeyTypeTheJdkCannotReadIsRefusedWithAConversion() {
        assertEquals("\"keys/link.key\": a DSA PRIVATE KEY block is not a key this JDK can read; convert it: openssl"
                + " pkcs8 -topk8 -nocrypt -in <file>", refusal(block("DSA PRIVATE KEY", new byte[] {0x30, 0})));
    }

    @Test
    void brokenBlocksAreRefusedWithoutTheirContent() {
        assertEquals("\"keys/link.key\": the PRIVATE KEY block is not valid base64",
                refusal("-----BEGIN PRIVATE KEY-----\nAAAAA\n-----END PRIVATE KEY-----\n"));
        assertEquals("\"keys/link.key\": the PRIVATE KEY block is not an RSA, EC or EdDSA key",
                refusal(block("PRIVATE KEY", new byte[] {0x30, 3, 2, 1, 0})));
        assertEquals("\"keys/link.key\": the EC PRIVATE KEY block is not a SEC1 structure",
                refusal(block("EC PRIVATE KEY", new byte[] {0x04, 0})));
    }

    @Test
    void aSec1KeyWithoutItsCurveIsRefused() {
        // version 1 and a 32-byte private key, but no [0] parameters naming the curve
        byte[] sec1 = HexFormat.of().parseHex("3025020101" + "0420" + "11".repeat(32));
        assertEquals("\"keys/link.key\": the EC PRIVATE KEY block does not name its curve",
                refusal(block("EC PRIVATE KEY", sec1)));
    }

    @Test
    void anRsaKeyBelongsOnlyToItsOwnCertificate() throws Exception {
        assertFalse(PemKeys.belongsTo(otherRsa.getPrivate(), rsaCert));
        assertFalse(PemKeys.belongsTo(ec("secp256r1").getPrivate(), rsaCert));
    }

    @Test
    void anRsaKeyWithTheSameModulusButAnotherPublicExponentDoesNotBelong() throws Exception {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) rsa.getPrivate();
        RSAPrivateCrtKey changed = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(
                new java.security.spec.RSAPrivateCrtKeySpec(crt.getModulus(), crt.getPublicExponent().add(
                        java.math.BigInteger.TWO), crt.getPrivateExponent(), crt.getPrimeP(), crt.getPrimeQ(),
                        crt.getPrimeExponentP(), crt.getPrimeExponentQ(), crt.getCrtCoefficient()));
        assertFalse(PemKeys.belongsTo(changed, rsaCert));
    }

    @Test
    void anRsaKeyWithoutCrtPartsIsMatchedByItsModulus() throws Exception {
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) rsa.getPrivate();
        KeyFactory factory = KeyFactory.getInstance("RSA");
        PrivateKey plain = factory.generatePrivate(new RSAPrivateKeySpec(crt.getModulus(), crt.getPrivateExponent()));
        assertTrue(PemKeys.belongsTo(plain, rsaCert));
        RSAPrivateCrtKey otherCrt = (RSAPrivateCrtKey) otherRsa.getPrivate();
        PrivateKey other = factory.generatePrivate(new RSAPrivateKeySpec(otherCrt.getModulus(),
                otherCrt.getPrivateExponent()));
        assertFalse(PemKeys.belongsTo(other, rsaCert));
    }

    @Test
    void anEcOrEdDsaKeyBelongsOnlyToItsOwnCertificate() throws Exception {
        KeyPair keys = ec("secp256r1");
        X509Certificate cert = ecCertificate(keys);
        assertTrue(PemKeys.belongsTo(keys.getPrivate(), cert));
        assertFalse(PemKeys.belongsTo(ec("secp256r1").getPrivate(), cert));
        assertFalse(PemKeys.belongsTo(rsa.getPrivate(), cert));

        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        X509Certificate edCert = TestCertificates.certificate(ed.getPublic(), ed.getPrivate(), "Ed25519", NAMES);
        assertTrue(PemKeys.belongsTo(ed.getPrivate(), edCert));
        assertFalse(PemKeys.belongsTo(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), edCert));
    }

    @Test
    void aKeyThatCannotSignBelongsToNothing() throws Exception {
        // X25519 keys agree on secrets but cannot sign, so no challenge can prove the pair.
        KeyPair xdh = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        X509Certificate cert = TestCertificates.certificate(xdh.getPublic(), ec("secp256r1").getPrivate(),
                "SHA256withECDSA", NAMES);
        assertFalse(PemKeys.belongsTo(xdh.getPrivate(), cert));
    }
}
