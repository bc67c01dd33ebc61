package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the fake Fastly received, in order, with assertions that read as sentences:
 * {@code assertThat(journal).made("PUT /service/{id}/version/{v}/activate").never()}.
 */
final class Journal {

    /** One request: method, raw path, query and form fields (decoded), JSON body (or empty). */
    record Call(String method, String path, Map<String, String> query, Map<String, String> form, String contentType,
                String body) {
        boolean write() {
            return !method.equals("GET") && !method.equals("HEAD");
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : " ?" + query) + (form.isEmpty() ? "" : " " + form.keySet());
        }
    }

    private final List<Call> calls;

    private Journal(List<Call> calls) {
        this.calls = List.copyOf(calls);
    }

    static Journal of(WireMockServer wm) {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first
        List<Call> calls = new ArrayList<>();
        for (ServeEvent e : events) {
            URI uri = URI.create(e.getRequest().getUrl());
            String type = e.getRequest().contentTypeHeader().mimeTypePart();
            boolean form = type != null && type.startsWith("application/x-www-form-urlencoded");
            calls.add(new Call(e.getRequest().getMethod().getName(), uri.getRawPath(), FakeFastly.decode(uri.getRawQuery()),
                    form ? FakeFastly.decode(e.getRequest().getBodyAsString()) : Map.of(), type == null ? "" : type,
                    form ? "" : e.getRequest().getBodyAsString()));
        }
        return new Journal(calls);
    }

    /** The calls since {@code earlier} was taken. */
    Journal since(Journal earlier) {
        return new Journal(calls.subList(earlier.calls.size(), calls.size()));
    }

    List<Call> calls() {
        return calls;
    }

    long writes() {
        return calls.stream().filter(Call::write).count();
    }

    long reads() {
        return calls.size() - writes();
    }

    /** Calls matching {@code "METHOD /path/{placeholder}/..."}; a placeholder matches one path segment. */
    List<Call> matching(String template) {
        Pattern p = pattern(template);
        return calls.stream().filter(c -> p.matcher(c.method() + " " + c.path()).matches()).toList();
    }

    static Pattern pattern(String template) {
        String[] parts = template.split("\\{[^}]*}", -1);
        return Pattern.compile(java.util.Arrays.stream(parts).map(Pattern::quote).collect(Collectors.joining("[^/]+")));
    }

    @Override
    public String toString() {
        return calls.stream().map(Call::toString).collect(Collectors.joining("\n  ", "  ", ""));
    }

    static JournalAssert assertThat(Journal journal) {
        return new JournalAssert(journal);
    }

    /** Assertions on a journal. */
    static final class JournalAssert {
        private final Journal journal;

        JournalAssert(Journal journal) {
            this.journal = journal;
        }

        Count made(String template) {
            return new Count(journal, template);
        }

        JournalAssert madeNoWrites() {
            assertEquals(List.of(), journal.calls.stream().filter(Call::write).map(Call::toString).toList(),
                    "writes were made");
            return this;
        }

        JournalAssert madeCalls(int reads, int writes) {
            assertEquals(reads + " reads, " + writes + " writes", journal.reads() + " reads, " + journal.writes()
                    + " writes", "calls:\n" + journal);
            return this;
        }
    }

    /** How often a call was made. */
    static final class Count {
        private final Journal journal;
        private final String template;

        Count(Journal journal, String template) {
            this.journal = journal;
            this.template = template;
        }

        void times(int n) {
            assertEquals(n, journal.matching(template).size(), template + " in:\n" + journal);
        }

        void once() {
            times(1);
        }

        void never() {
            times(0);
        }

        /** The form fields of the only such call. */
        Map<String, String> onceWithForm() {
            once();
            return journal.matching(template).get(0).form();
        }
    }
}
