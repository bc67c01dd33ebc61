package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A counting WireMock transformer in front of a {@link FakeCloudflare}: once armed, it lets requests {@code 1..k-1}
 * through to the fake account, answers request {@code k} with a fault, and serves everything after it (the retries
 * included) from the fake again. It fires once per arming.
 *
 * <p>Faults that come with a 2xx status (a slow answer, a malformed body, a lost answer) are answers the server
 * produced, so the fake carries the request out first: a write that "timed out" or whose answer was lost has
 * happened, and the next apply must find it. 429, 5xx and a reset before the answer leave the account untouched.
 */
final class FaultInjector implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fault-injector";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What request {@code k} gets. */
    enum Kind {
        /** 429 with {@code retry-after: 1} and Cloudflare's error 971. Not carried out. */
        RATE_LIMITED,
        /** 500 with Cloudflare's error envelope. Not carried out. */
        SERVER_500,
        /** 503 with an HTML page, as an edge in front of the API answers. Not carried out. */
        SERVER_503,
        /** The connection reset before any answer. Not carried out. */
        RESET,
        /** Carried out, then answered after {@link #slowMillis}, long past the client's call timeout. */
        TIMEOUT,
        /** Carried out, answered 200 with the envelope cut in half (not JSON). */
        MALFORMED_TRUNCATED,
        /** Carried out, answered 200 {@code {"success":true,"errors":[],"messages":[]}}: no {@code result}. */
        MALFORMED_NO_RESULT,
        /** Carried out, then the connection reset: "the server did it but the answer was lost". */
        LOST_ANSWER,
        /**
         * 401 code 1000 "Invalid API Token", what the user endpoint answers for an account-owned token and what an
         * unknown token gets (cloudflare-docs#29486, counterscale#268). Not carried out.
         */
        INVALID_TOKEN,
        /**
         * 403 code 10000 "Authentication error", what a valid token without the call's permission group gets
         * (terraform-provider-cloudflare#2999). Not carried out.
         */
        MISSING_PERMISSION,
        /**
         * 400 with a quota refusal ("exceeded maximum number …", code 20217 as in the ruleset refusal of
         * userbradley/documentation.breadnet.co.uk#609). Not carried out.
         */
        QUOTA_EXCEEDED
    }

    private volatile FakeCloudflare fake;
    private int seen;
    private int at = -1;
    private Kind kind;
    private Request fired;
    private final int slowMillis;

    FaultInjector(int slowMillis) {
        this.slowMillis = slowMillis;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The account requests are served from (a new one per matrix cell). */
    void serve(FakeCloudflare account) {
        this.fake = account;
    }

    /** Request {@code k} (1-based, counted from now) gets {@code fault}; every other request goes to the fake. */
    synchronized void arm(int k, Kind fault) {
        seen = 0;
        at = k;
        kind = fault;
        fired = null;
    }

    /** No more faults; requests are still counted from now. */
    synchronized void disarm() {
        seen = 0;
        at = -1;
        kind = null;
    }

    /** The request the fault hit since the last {@link #arm}, or {@code null} when it did not fire. */
    synchronized Request fired() {
        return fired;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        seen++;
        if (seen != at) {
            return fake.transform(event);
        }
        fired = event.getRequest();
        return switch (kind) {
            case RATE_LIMITED -> new ResponseDefinitionBuilder().withStatus(429)
                    .withHeader("Content-Type", "application/json").withHeader("retry-after", "1")
                    .withBody(FakeCloudflare.errorBody(971, "Please wait and consider throttling your request speed"))
                    .build();
            case SERVER_500 -> new ResponseDefinitionBuilder().withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(FakeCloudflare.errorBody(10013, "Internal Server Error")).build();
            case SERVER_503 -> new ResponseDefinitionBuilder().withStatus(503).withHeader("Content-Type", "text/html")
                    .withBody("<html><head><title>503 Service Temporarily Unavailable</title></head></html>").build();
            case RESET -> new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case TIMEOUT -> ResponseDefinitionBuilder.like(fake.transform(event)).withFixedDelay(slowMillis).build();
            case MALFORMED_TRUNCATED -> {
                ResponseDefinition real = fake.transform(event);
                String body = real.getBody();
                yield ResponseDefinitionBuilder.like(real).withBody(body.substring(0, body.length() / 2)).build();
            }
            case MALFORMED_NO_RESULT -> {
                ResponseDefinition real = fake.transform(event);
                ObjectNode envelope = read(real.getBody());
                envelope.remove("result");
                envelope.remove("result_info");
                yield ResponseDefinitionBuilder.like(real).withBody(envelope.toString()).build();
            }
            case LOST_ANSWER -> ResponseDefinitionBuilder.like(fake.transform(event))
                    .withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case INVALID_TOKEN -> error(401, 1000, "Invalid API Token");
            case MISSING_PERMISSION -> error(403, 10000, "Authentication error");
            case QUOTA_EXCEEDED -> error(400, 20217, "exceeded maximum number of rules for this zone's plan");
        };
    }

    private static ResponseDefinition error(int status, int code, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(FakeCloudflare.errorBody(code, message)).build();
    }

    private static ObjectNode read(String body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("the fake answered with something that is not JSON: " + body, e);
        }
    }
}
