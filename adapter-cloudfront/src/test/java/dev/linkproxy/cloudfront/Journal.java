package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WireMock's request journal, read as sentences: {@code assertThat(journal).made("PUT /2020-05-31/distribution/E1/config").once()}.
 * Each call is named {@code METHOD path} (query left out), and ACM calls {@code ACM <Operation>}.
 */
final class Journal {

    /** One recorded request. */
    record Call(String name, String method, String path, String query, String ifMatch, String body) {
        boolean isWrite() {
            return !method.equals("GET") && !name.startsWith("ACM ");
        }

        /** The API operation this request is, as the adapter names it in its errors: {@code CreateDistribution}. */
        String operation() {
            return Journal.operation(method, path, name);
        }

        boolean sendsDistributionConfig() {
            return (method.equals("POST") && path.equals(FakeCloudFront.API))
                    || (method.equals("PUT") && path.endsWith("/config"));
        }
    }

    private final List<Call> calls;

    /** The operation of a request: CloudFront's by method and path, ACM's from its {@code X-Amz-Target}. */
    static String operation(String method, String path, String name) {
        if (name.startsWith("ACM ")) {
            return name.substring("ACM ".length());
        }
        if (path.equals(FakeCloudFront.API)) {
            return method.equals("POST") ? "CreateDistribution" : "ListDistributions";
        }
        if (path.endsWith("/config")) {
            return method.equals("PUT") ? "UpdateDistribution" : "GetDistributionConfig";
        }
        return method.equals("GET") ? "GetDistribution" : method + " " + path;
    }

    private Journal(List<Call> calls) {
        this.calls = List.copyOf(calls);
    }

    static Journal of(WireMockServer server) {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
        List<Call> calls = new ArrayList<>();
        for (ServeEvent e : events) {
            var r = e.getRequest();
            String[] url = r.getUrl().split("\\?", 2);
            String target = r.getHeader("X-Amz-Target");
            String name = target != null && target.startsWith("CertificateManager.")
                    ? "ACM " + target.substring("CertificateManager.".length())
                    : r.getMethod().getName() + " " + url[0];
            calls.add(new Call(name, r.getMethod().getName(), url[0], url.length > 1 ? url[1] : "",
                    r.getHeader("If-Match"), r.getBodyAsString()));
        }
        return new Journal(calls);
    }

    List<Call> calls() {
        return calls;
    }

    List<String> names() {
        return calls.stream().map(Call::name).toList();
    }

    long writes() {
        return calls.stream().filter(Call::isWrite).count();
    }

    static Assert assertThat(Journal journal) {
        return new Assert(journal);
    }

    static Assert assertThat(WireMockServer server) {
        return new Assert(of(server));
    }

    /** Assertions on a journal. */
    static final class Assert {
        private final Journal journal;

        private Assert(Journal journal) {
            this.journal = journal;
        }

        /** Exactly these calls, in this order. */
        Assert madeExactly(String... names) {
            assertEquals(Arrays.asList(names), journal.names(), "API calls");
            return this;
        }

        Assert madeNoWrites() {
            assertEquals(0, journal.writes(), () -> "writes were made: " + journal.names());
            return this;
        }

        Assert madeCalls(int count) {
            assertEquals(count, journal.calls.size(), () -> "API calls: " + journal.names());
            return this;
        }

        Calls made(String name) {
            return new Calls(journal, journal.calls.stream().filter(c -> c.name().equals(name)).toList(), name);
        }
    }

    /** The recorded calls of one name. */
    static final class Calls {
        private final Journal journal;
        private final List<Call> matching;
        private final String name;

        private Calls(Journal journal, List<Call> matching, String name) {
            this.journal = journal;
            this.matching = matching;
            this.name = name;
        }

        /** Made exactly once; returns it. */
        Call once() {
            return times(1).get(0);
        }

        List<Call> times(int n) {
            assertEquals(n, matching.size(), () -> name + " made " + matching.size() + " times, expected " + n
                    + "; calls: " + journal.names());
            return matching;
        }

        void never() {
            assertTrue(matching.isEmpty(), () -> name + " was made; calls: " + journal.names());
        }
    }
}
