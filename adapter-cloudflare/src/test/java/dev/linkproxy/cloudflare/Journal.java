package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * WireMock's request journal, read as sentences:
 * {@code assertThat(journal).made("PUT /zones/{zone}/rulesets/phases/http_config_settings/entrypoint").once()}.
 * A {@code {…}} in an expected request matches one path segment; the query string is ignored.
 */
final class Journal {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** One recorded request: method, path under {@code /client/v4}, body. */
    /** One request and its answer; {@code fromFake} when the fake account gave it (not a test's override). */
    record Call(String method, String path, String body, int status, String answer, boolean fromFake) {
        boolean isWrite() {
            return WRITES.contains(method);
        }

        /** {@code METHOD path} with the zone's id as {@code {zone}} and any other id as {@code {id}}. */
        String operation() {
            return method + " " + path.replaceFirst("^/zones/[0-9a-f]{32}", "/zones/{zone}").replaceAll("/[0-9a-f]{32}", "/{id}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final List<Call> calls;

    private Journal(List<Call> calls) {
        this.calls = calls;
    }

    static Journal of(WireMockServer server) {
        List<Call> out = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events); // WireMock lists newest first
        for (ServeEvent e : events) {
            String url = e.getRequest().getUrl().replaceFirst("\\?.*", "");
            out.add(new Call(e.getRequest().getMethod().getName(),
                    url.startsWith(FakeCloudflare.PREFIX) ? url.substring(FakeCloudflare.PREFIX.length()) : url,
                    e.getRequest().getBodyAsString(), e.getResponse().getStatus(), e.getResponse().getBodyAsString(),
                    e.getStubMapping() != null && e.getStubMapping().getResponse().getTransformers() != null
                            && e.getStubMapping().getResponse().getTransformers().contains(FakeCloudflare.NAME)));
        }
        return new Journal(out);
    }

    static Journal assertThat(Journal journal) {
        return journal;
    }

    List<Call> calls() {
        return calls;
    }

    List<Call> writes() {
        return calls.stream().filter(Call::isWrite).toList();
    }

    /** The requests after the first {@code n}. */
    Journal since(int n) {
        return new Journal(calls.subList(Math.min(n, calls.size()), calls.size()));
    }

    int size() {
        return calls.size();
    }

    Journal madeNoWrites() {
        if (!writes().isEmpty()) {
            fail("expected no writes, got " + writes() + "\n" + this);
        }
        return this;
    }

    Count made(String expected) {
        String[] parts = expected.split(" ", 2);
        Pattern path = Pattern.compile(Pattern.quote(parts[1]).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
        List<Call> matching = calls.stream().filter(c -> c.method().equals(parts[0]) && path.matcher(c.path()).matches())
                .toList();
        return new Count(expected, matching);
    }

    /** How often a request was made. */
    final class Count {
        private final String expected;
        private final List<Call> matching;

        private Count(String expected, List<Call> matching) {
            this.expected = expected;
            this.matching = matching;
        }

        Journal once() {
            return times(1);
        }

        Journal never() {
            return times(0);
        }

        Journal twice() {
            return times(2);
        }

        Journal times(int n) {
            assertEquals(n, matching.size(), expected + " made " + matching.size() + " times, not " + n + "\n" + Journal.this);
            return Journal.this;
        }

        /** The body of the only such request. */
        String body() {
            once();
            return matching.get(0).body();
        }
    }

    @Override
    public String toString() {
        return calls.stream().map(c -> "  " + c).collect(Collectors.joining("\n", "journal:\n", ""));
    }
}
