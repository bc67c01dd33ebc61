package dev.linkproxy.samples;

import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.LinkProxyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The link domains {@code verify} checks: the {@code --domain} flags, then the lines of {@code --domains-file}.
 *
 * <p>A file may hold many thousands of domains, so it is never held in memory: {@link #check()} reads it once to
 * refuse a bad line before any network work, and {@link #entries()} reads it again, lazily, while the verifier runs.
 * A line holds a domain and, optionally, a tracked link (path and query) separated by white space or a comma; blank
 * lines and lines starting with {@code #} are skipped.
 */
final class VerifyInput {

    /** One domain to verify, with its own tracked link if its line gave one. */
    record Entry(String domain, Optional<String> link) {
    }

    /**
     * What the first pass found.
     *
     * @param count       the number of domains
     * @param firstDomain the first domain, or empty when there is none
     */
    record Summary(long count, Optional<String> firstDomain) {
    }

    /** How many bad lines are named before the rest are only counted: enough to fix a file, short enough to read. */
    private static final int PROBLEMS_SHOWN = 10;

    private static final Pattern COLUMNS = Pattern.compile("\\s*,\\s*|\\s+");

    private final List<String> flagDomains;
    private final Path file;

    VerifyInput(List<String> flagDomains, Path file) {
        this.flagDomains = List.copyOf(flagDomains);
        this.file = file;
    }

    /**
     * Reads everything once, in constant memory, and checks every domain and link.
     *
     * @throws LinkProxyException naming the bad lines (up to ten, then how many more): bad input, exit 2
     */
    Summary check() {
        if (flagDomains.isEmpty() && file == null) {
            throw new LinkProxyException("verify: no link domain; give --domain HOST (repeatable) or --domains-file FILE");
        }
        List<String> problems = new ArrayList<>();
        long bad = 0;
        long count = 0;
        String first = null;
        for (int i = 0; i < flagDomains.size(); i++) {
            Parsed p = parse(flagDomains.get(i), false);
            if (p.problem != null) {
                bad++;
                problems.add("--domain \"" + flagDomains.get(i) + "\": " + p.problem);
            } else {
                count++;
                first = first == null ? p.entry.domain() : first;
            }
        }
        if (file != null) {
            try (Lines lines = new Lines(file)) {
                for (String line; (line = lines.next()) != null; ) {
                    Parsed p = parse(line, true);
                    if (p == null) {
                        continue;
                    }
                    if (p.problem != null) {
                        if (++bad <= PROBLEMS_SHOWN) {
                            problems.add(file + " line " + lines.number + ": " + p.problem);
                        }
                    } else {
                        count++;
                        first = first == null ? p.entry.domain() : first;
                    }
                }
            }
        }
        if (bad > 0) {
            StringBuilder message = new StringBuilder("verify: " + bad + (bad == 1 ? " bad domain" : " bad domains")
                    + "; nothing was checked:");
            problems.stream().limit(PROBLEMS_SHOWN).forEach(p -> message.append("\n  ").append(p));
            if (bad > PROBLEMS_SHOWN) {
                message.append("\n  … and ").append(bad - PROBLEMS_SHOWN).append(" more");
            }
            throw new LinkProxyException(message.toString());
        }
        if (count == 0) {
            throw new LinkProxyException("verify: " + file + " holds no link domain");
        }
        return new Summary(count, Optional.ofNullable(first));
    }

    /** The flag domains, then the file's, read lazily; call {@link #check()} first. */
    Iterable<Entry> entries() {
        return () -> new Iterator<>() {
            private int flag;
            private Lines lines;
            private Entry next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = advance();
                }
                return next != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Entry e = next;
                next = null;
                return e;
            }

            private Entry advance() {
                if (flag < flagDomains.size()) {
                    return valid(parse(flagDomains.get(flag++), false));
                }
                if (file == null) {
                    return null;
                }
                if (lines == null) {
                    lines = new Lines(file);
                }
                for (String line; (line = lines.next()) != null; ) {
                    Parsed p = parse(line, true);
                    if (p != null) {
                        return valid(p);
                    }
                }
                lines.close();
                return null;
            }

            private Entry valid(Parsed p) {
                if (p.problem != null) {
                    // The file was checked a moment ago: a bad line now means it changed under us.
                    throw new LinkProxyException("verify: " + file + " changed while being verified: " + p.problem);
                }
                return p.entry;
            }
        };
    }

    private record Parsed(Entry entry, String problem) {
    }

    /** One line or flag; null for a line to skip. */
    private static Parsed parse(String raw, boolean fileLine) {
        String text = raw.strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).strip();
        }
        if (fileLine && (text.isEmpty() || text.startsWith("#"))) {
            return null;
        }
        String[] columns = fileLine ? COLUMNS.split(text, 2) : new String[] {text};
        HostNames.Checked domain = HostNames.check(columns[0]);
        if (!domain.ok()) {
            return new Parsed(null, domain.problem());
        }
        Optional<String> link = Optional.empty();
        if (columns.length > 1 && !columns[1].isEmpty()) {
            String problem = linkProblem(columns[1]);
            if (problem != null) {
                return new Parsed(null, problem);
            }
            link = Optional.of(columns[1]);
        }
        return new Parsed(new Entry(domain.name(), link), null);
    }

    /** Why {@code link} is not a tracked link's path and query, or null when it is one. */
    static String linkProblem(String link) {
        if (!link.startsWith("/") || link.chars().anyMatch(c -> c <= ' ')) {
            return "\"" + link + "\" is not a tracked link; give its path and query, starting with \"/\", e.g."
                    + " \"/wf/click?upn=…\"";
        }
        return null;
    }

    /** A file's lines with their numbers; I/O failures are bad input (a missing or unreadable file). */
    private static final class Lines implements AutoCloseable {
        private final Path file;
        private final BufferedReader reader;
        long number;

        Lines(Path file) {
            this.file = file;
            try {
                this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new LinkProxyException("verify: --domains-file " + file + " does not exist");
            } catch (IOException e) {
                throw new LinkProxyException("verify: cannot read --domains-file " + file + ": " + e.getMessage());
            }
        }

        String next() {
            try {
                String line = reader.readLine();
                if (line != null) {
                    number++;
                }
                return line;
            } catch (IOException e) {
                // Not UTF-8 text, or gone: either way the input is at fault, not the network.
                throw new LinkProxyException("verify: cannot read --domains-file " + file + " at line " + (number + 1)
                        + ": " + e);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Read-only: nothing was lost.
            }
        }
    }
}
