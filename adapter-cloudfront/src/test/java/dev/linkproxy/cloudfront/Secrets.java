package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.fail;

import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Explicit AWS credentials with recognisable random values, and the scan that proves none of the secret ones got out.
 * The access key id is not a secret (it is in every SigV4 {@code Authorization} header); the secret access key and
 * the session token are.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** Shorter pieces than this are not looked for: they could occur by chance. */
    static final int WINDOW = 12;

    static final String ACCESS_KEY_ID = "AKIALINKPROXY" + random(7).toUpperCase();
    static final String SECRET_ACCESS_KEY = "lpSK" + random(36);
    static final String SESSION_TOKEN = "lpST" + random(120);

    private Secrets() {
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /** Settings for {@code endpoint} with all three explicit credentials. */
    static ProviderSettings.Builder settings(URI endpoint, RetryPolicy retry) {
        return ProviderSettings.builder()
                .endpoint(endpoint)
                .value("accessKeyId", ACCESS_KEY_ID)
                .secret("secretAccessKey", Secret.of(SECRET_ACCESS_KEY))
                .secret("sessionToken", Secret.of(SESSION_TOKEN))
                .connectTimeout(Duration.ofSeconds(2))
                .retryPolicy(retry);
    }

    /**
     * Fails when {@code text} holds the secret access key or the session token, whole or any {@value #WINDOW}-character
     * piece of them (a truncated or wrapped leak is still a leak), or, as a secret given to another CDN would be, a
     * private key's body.
     */
    static void assertNoSecretIn(String where, String text) {
        for (String[] secret : new String[][] {{"the secret access key", SECRET_ACCESS_KEY},
                {"the session token", SESSION_TOKEN}}) {
            String value = secret[1];
            for (int i = 0; i + WINDOW <= value.length(); i++) {
                int at = text.indexOf(value.substring(i, i + WINDOW));
                if (at >= 0) {
                    // From the start of the log record (or line) that holds it, so the message names the logger.
                    int record = Math.max(text.lastIndexOf("\n[", at), 0);
                    if (at - record > 600) {
                        record = Math.max(text.lastIndexOf('\n', at), 0);
                    }
                    fail(secret[0] + " leaked into " + where + ": " + text.substring(record, Math.min(text.length(),
                            at + WINDOW)).replace(value.substring(i, i + WINDOW), "<" + secret[0] + ">") + "…");
                }
            }
        }
        for (String keyBody : PRIVATE_KEY_BODIES) {
            if (text.contains(keyBody)) {
                fail("a private key's body leaked into " + where);
            }
        }
        if (text.contains("PRIVATE KEY-----")) {
            fail("a PEM private key leaked into " + where);
        }
    }

    /** Bodies of private keys a test put on disk; registered so every scan looks for them. */
    static final java.util.List<String> PRIVATE_KEY_BODIES = new java.util.concurrent.CopyOnWriteArrayList<>();
}
