package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Objects;

/**
 * Sits in front of a {@link FakeCloudFront} and spoils exactly one answer: the one to the k-th request after
 * {@link #arm}. Every other request is answered by the fake. A fault either replaces the fake (the server never
 * processed the request: throttling, 5xx, a reset or a silence before anything happened) or follows it (the server
 * processed the request, then the answer was lost or garbled), which for a write means the write took effect.
 */
final class FaultInjector implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fault-injector";

    /** How long a "timeout" answer is held back; far beyond the settings' call timeout. */
    static final int DELAY_MS = 3_000;

    /** The faults of the matrix. */
    enum Fault {
        /** 429 with {@code Retry-After: 1}; not processed. */
        THROTTLED("429", false),
        /** 500; not processed. */
        INTERNAL_ERROR("500", false),
        /** 503; not processed. */
        UNAVAILABLE("503", false),
        /** The connection is reset before the server did anything. */
        RESET("reset", false),
        /** No answer within the call timeout; the server did nothing. */
        TIMEOUT("timeout", false),
        /** The server processed the request and answered 200/201 with a truncated body. */
        MALFORMED("malformed", true),
        /** The server processed the request (a write took effect), then the connection was reset. */
        RESET_AFTER_WRITE("reset-after-write", true),
        /** The server processed the request (a write took effect), then held the answer past the timeout. */
        TIMEOUT_AFTER_WRITE("timeout-after-write", true);

        final String label;
        final boolean processed;

        Fault(String label, boolean processed) {
            this.label = label;
            this.processed = processed;
        }

        /** Whether the fault is worth a cell only for writes (for reads it is the same as its plain form). */
        boolean writesOnly() {
            return this == RESET_AFTER_WRITE || this == TIMEOUT_AFTER_WRITE;
        }
    }

    private final FakeCloudFront fake;
    private String armedOperation;
    private int armedAt;
    private Fault fault;
    private final java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    private int fired;
    private String firedOn;

    FaultInjector(FakeCloudFront fake) {
        this.fake = Objects.requireNonNull(fake);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /**
     * Spoils the answer to the {@code n}-th request of {@code operation} from now on (1-based), and only that one.
     * Counting by operation, not by request, keeps the fault on its call even when a slow machine makes an earlier
     * call time out and be retried.
     */
    synchronized void arm(String operation, int n, Fault f) {
        armedOperation = operation;
        armedAt = n;
        fault = f;
        seen.clear();
        fired = 0;
        firedOn = null;
    }

    /** The operation whose answer was spoiled. */
    synchronized String firedOn() {
        return firedOn;
    }

    /** Whether the armed fault holds an answer back. */
    synchronized boolean delays() {
        return fault == Fault.TIMEOUT || fault == Fault.TIMEOUT_AFTER_WRITE;
    }

    /** How many answers were spoiled since {@link #arm}: 1 once the k-th request came. */
    synchronized int fired() {
        return fired;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        var r = event.getRequest();
        String target = r.getHeader("X-Amz-Target");
        String path = r.getUrl().split("\\?")[0];
        String operation = Journal.operation(r.getMethod().getName(), path, target != null
                && target.startsWith("CertificateManager.") ? "ACM " + target.substring(target.indexOf('.') + 1) : "");
        int n = seen.merge(operation, 1, Integer::sum);
        if (fault == null || !operation.equals(armedOperation) || n != armedAt) {
            return fake.transform(event);
        }
        fired++;
        firedOn = operation;
        boolean acm = target != null;
        ResponseDefinition answer = fault.processed ? fake.transform(event) : null;
        return switch (fault) {
            case THROTTLED -> error(acm, 429, acm ? "ThrottlingException" : "Throttling", "Rate exceeded")
                    .withHeader("Retry-After", "1").build();
            case INTERNAL_ERROR -> error(acm, 500, acm ? "InternalFailure" : "InternalError", "internal error").build();
            case UNAVAILABLE -> error(acm, 503, "ServiceUnavailable", "service unavailable").build();
            case RESET -> responseDefinition().withFault(com.github.tomakehurst.wiremock.http.Fault
                    .CONNECTION_RESET_BY_PEER).build();
            // Had the client waited, it would have read a 503 and retried: nothing was processed either way.
            case TIMEOUT -> error(acm, 503, "ServiceUnavailable", "slow").withFixedDelay(DELAY_MS).build();
            case MALFORMED -> ResponseDefinitionBuilder.like(answer).but()
                    .withBody(truncated(answer.getBody())).build();
            case RESET_AFTER_WRITE -> ResponseDefinitionBuilder.like(answer).but()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
            case TIMEOUT_AFTER_WRITE -> ResponseDefinitionBuilder.like(answer).but().withFixedDelay(DELAY_MS).build();
        };
    }

    /** The first half of a body: a 200 whose XML (or JSON) stops mid-element. */
    static String truncated(String body) {
        return body == null || body.isEmpty() ? "<Distrib" : body.substring(0, body.length() / 2);
    }

    private static ResponseDefinitionBuilder error(boolean acm, int status, String code, String message) {
        return acm
                ? responseDefinition().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}")
                : responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                        .withBody(FakeCloudFront.errorBody(code, message));
    }
}
