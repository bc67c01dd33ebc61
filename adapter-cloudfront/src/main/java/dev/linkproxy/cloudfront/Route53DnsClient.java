package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * One AWS account's Route 53 public hosted zones. Every call goes through {@link ApiCalls} (core's retry policy,
 * the credential log guard) and its failures become {@link DnsException}s naming {@code route53}, the operation and
 * the IAM action to grant. See {@link Route53Provider} for the compare-and-set.
 */
final class Route53DnsClient implements DnsClient {

    /** Hosted zone ids arrive as {@code /hostedzone/Z…}; change ids as {@code /change/C…}. */
    private static final String ZONE_PREFIX = "/hostedzone/";
    private static final String CHANGE_PREFIX = "/change/";
    /** Record sets read per ListResourceRecordSets page; one name holds a handful. */
    private static final String PAGE = "100";
    private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

    /** A hosted zone: its bare id and its apex. */
    private record Zone(String id, String apex) {
    }

    private final AwsClients.Route53 aws;
    private final ApiCalls calls;
    private final Optional<String> pinnedZoneId;
    private final Duration interval;
    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final Map<String, Zone> zoneByName = new ConcurrentHashMap<>();

    Route53DnsClient(AwsClients.Route53 aws, RetryPolicy retry, Optional<String> pinnedZoneId, Duration interval,
                     RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this.aws = aws;
        this.calls = new ApiCalls(retry, aws.guard());
        this.pinnedZoneId = pinnedZoneId;
        this.interval = interval;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** {@code Z123} from {@code /hostedzone/Z123} or {@code Z123}. */
    static String bareId(String id) {
        String trimmed = id.trim();
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    @Override
    public String zoneOf(String name) {
        return zone(name).apex();
    }

    /** The longest public hosted zone holding {@code name}: one ListHostedZonesByName per label, cached per name. */
    private Zone zone(String name) {
        String n = normalise(name);
        Zone cached = zoneByName.get(n);
        if (cached != null) {
            return cached;
        }
        Zone found = pinnedZoneId.isPresent() ? pinned(n, pinnedZoneId.get()) : search(n);
        zoneByName.put(n, found);
        zoneByName.putIfAbsent(found.apex(), found);
        return found;
    }

    private Zone pinned(String n, String id) {
        HostedZone z = call("GetHostedZone", () -> aws.route53().getHostedZone(b -> b.id(id)).hostedZone());
        String apex = normalise(z.name());
        if (!n.equals(apex) && !n.endsWith("." + apex)) {
            throw new DnsException(Route53Provider.ID, "GetHostedZone", DnsException.Kind.NOT_FOUND, "the hosted"
                    + " zone " + id + " is " + apex + ", which does not hold " + n, "give the id of the zone that"
                    + " holds the link domain, or leave " + Route53Provider.ZONE_ID + " out to find it by name", null);
        }
        return new Zone(id, apex);
    }

    private Zone search(String n) {
        for (String candidate = n; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            String dnsName = candidate;
            List<HostedZone> zones = call("ListHostedZonesByName", () -> aws.route53()
                    .listHostedZonesByName(b -> b.dnsName(dnsName).maxItems(PAGE)).hostedZones());
            for (HostedZone z : zones) {
                boolean isPrivate = z.config() != null && Boolean.TRUE.equals(z.config().privateZone());
                if (normalise(z.name()).equals(dnsName) && !isPrivate) {
                    return new Zone(bareId(z.id()), dnsName);
                }
            }
        }
        throw new DnsException(Route53Provider.ID, "ListHostedZonesByName", DnsException.Kind.NOT_FOUND,
                "no public hosted zone in this AWS account holds " + n, "check the account (credentials or profile);"
                + " a private zone is not what the internet resolves", null);
    }

    @Override
    public NameRecords read(String name) {
        String n = normalise(name);
        return read(zone(n), n);
    }

    private NameRecords read(Zone zone, String n) {
        List<RecordSet> sets = new ArrayList<>();
        String startType = null;
        String startIdentifier = null;
        while (true) {
            String type = startType;
            String identifier = startIdentifier;
            ListResourceRecordSetsResponse page = call("ListResourceRecordSets", () -> aws.route53()
                    .listResourceRecordSets(b -> b.hostedZoneId(zone.id()).startRecordName(n).startRecordType(type)
                            .startRecordIdentifier(identifier).maxItems(PAGE)));
            for (ResourceRecordSet s : page.resourceRecordSets()) {
                if (normalise(s.name()).equals(n) && NameRecords.CUTOVER_TYPES.contains(s.typeAsString())) {
                    sets.add(recordSet(n, s));
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextRecordName() == null
                    || !normalise(page.nextRecordName()).equals(n)) {
                return new NameRecords(n, sets);
            }
            startType = page.nextRecordTypeAsString();
            startIdentifier = page.nextRecordIdentifier();
        }
    }

    private static RecordSet recordSet(String n, ResourceRecordSet s) {
        if (s.aliasTarget() != null) {
            throw unsupported(n, s, "an alias record to " + s.aliasTarget().dnsName());
        }
        if (s.setIdentifier() != null) {
            throw unsupported(n, s, "a " + routing(s) + " record (set identifier " + s.setIdentifier() + ")");
        }
        List<String> values = s.resourceRecords().stream().map(ResourceRecord::value).toList();
        return new RecordSet(n, s.typeAsString(), Duration.ofSeconds(s.ttl() == null ? 0 : s.ttl()), values);
    }

    private static String routing(ResourceRecordSet s) {
        if (s.weight() != null) {
            return "weighted";
        }
        if (s.region() != null) {
            return "latency";
        }
        if (s.failover() != null) {
            return "failover";
        }
        return s.geoLocation() != null ? "geolocation" : "routing-policy";
    }

    private static DnsException unsupported(String n, ResourceRecordSet s, String what) {
        return new DnsException(Route53Provider.ID, "ListResourceRecordSets", DnsException.Kind.INVALID_REQUEST,
                n + " holds " + what + " of type " + s.typeAsString() + "; linkproxy changes only plain CNAME, A"
                + " and AAAA record sets", "point the name at the CDN yourself in Route 53, or replace that record"
                + " with a plain one and run again", null);
    }

    /**
     * Reads the name first: already {@code desired} is a success without a write (a retry after a lost answer);
     * anything but {@code expected} is a conflict. Then one batch DELETEs {@code expected} exactly and CREATEs
     * {@code desired}, which Route 53 refuses whole if the name changed in between.
     */
    @Override
    public DnsChange replace(NameRecords expected, NameRecords desired) {
        if (!expected.name().equals(desired.name())) {
            throw new IllegalArgumentException("a replace changes one name, not " + expected.name() + " and "
                    + desired.name());
        }
        if (expected.proxied() || desired.proxied()) {
            throw new IllegalArgumentException("Route 53 has no proxied records: " + desired.name());
        }
        String n = desired.name();
        Zone zone = zone(n);
        Map<String, String> resources = Map.of("hostedZoneId", zone.id());
        NameRecords now = read(zone, n);
        if (now.equals(desired)) {
            return new DnsChange(Route53Provider.ID, "", zone.apex(), expected, desired, resources);
        }
        if (!now.equals(expected)) {
            throw conflict(n, expected, now, null);
        }
        List<Change> changes = new ArrayList<>();
        expected.sets().forEach(s -> changes.add(change(ChangeAction.DELETE, s)));
        desired.sets().forEach(s -> changes.add(change(ChangeAction.CREATE, s)));
        ChangeInfo info;
        try {
            info = calls.call("ChangeResourceRecordSets", () -> aws.route53().changeResourceRecordSets(b -> b
                    .hostedZoneId(zone.id())
                    .changeBatch(c -> c.comment("linkproxy cutover of " + n).changes(changes))).changeInfo());
        } catch (CdnException e) {
            if (!refusedBatch(e)) {
                throw translate("ChangeResourceRecordSets", e);
            }
            NameRecords after = read(zone, n);
            if (after.equals(desired)) {
                // An earlier attempt whose answer was lost made the change; the retry's DELETE found it gone.
                return new DnsChange(Route53Provider.ID, "", zone.apex(), expected, desired, resources);
            }
            if (after.equals(expected)) {
                throw new DnsException(Route53Provider.ID, "ChangeResourceRecordSets",
                        DnsException.Kind.INVALID_REQUEST, "Route 53 refused the change of " + n + ": "
                        + batchMessages(e), "the name is unchanged; this is a linkproxy bug if the records are"
                        + " plain CNAME, A or AAAA: please report it with this message", e);
            }
            throw conflict(n, expected, after, e);
        }
        return new DnsChange(Route53Provider.ID, bareId(info.id()), zone.apex(), expected, desired, resources);
    }

    private static Change change(ChangeAction action, RecordSet s) {
        return Change.builder().action(action).resourceRecordSet(r -> r
                .name(s.name() + ".")
                .type(RRType.fromValue(s.type()))
                .ttl(s.ttl().toSeconds())
                .resourceRecords(s.values().stream().map(v -> ResourceRecord.builder().value(value(s.type(), v))
                        .build()).toList())).build();
    }

    private static String value(String type, String v) {
        return type.equals("CNAME") ? v + "." : v;
    }

    /**
     * Whether Route 53 refused the batch itself (400 InvalidChangeBatch). Its answer has its own root element,
     * {@code <InvalidChangeBatch><Messages>…}, which the SDK reads as a bare 400 without a code, so a 400 without
     * one counts too; the name is read again either way before anything is concluded.
     */
    private static boolean refusedBatch(CdnException e) {
        return e.httpStatus() == 400 && e.errorCode().map("InvalidChangeBatch"::equals).orElse(true);
    }

    /** Route 53's own words from the raw answer, which the SDK does not surface for this error. */
    private static String batchMessages(CdnException e) {
        if (e.getCause() instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().rawResponse() != null) {
            Matcher m = MESSAGE.matcher(aws.awsErrorDetails().rawResponse().asUtf8String());
            List<String> messages = new ArrayList<>();
            while (m.find()) {
                messages.add(m.group(1).replaceAll("\\s+", " ").trim().replace("&apos;", "'").replace("&quot;", "\"")
                        .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            }
            if (!messages.isEmpty()) {
                return String.join("; ", messages);
            }
        }
        return e.detail().orElse("InvalidChangeBatch");
    }

    private static DnsException conflict(String n, NameRecords expected, NameRecords now, CdnException cause) {
        return new DnsException(Route53Provider.ID, "ChangeResourceRecordSets", DnsException.Kind.CONFLICT,
                n + " holds " + describe(now) + ", not " + describe(expected) + " as read; nothing was written"
                + (cause == null ? "" : " (Route 53: " + batchMessages(cause) + ")"),
                "someone changed the name meanwhile: look at it, then run the cutover again", cause);
    }

    private static String describe(NameRecords r) {
        return r.isEmpty() ? "nothing" : r.sets().toString();
    }

    /** Polls {@code GetChange} until INSYNC; a change without an id (nothing written) is live already. */
    @Override
    public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
        if (change.id().isEmpty()) {
            return;
        }
        long start = nanoClock.getAsLong();
        for (int poll = 1; ; poll++) {
            ChangeInfo info = call("GetChange", () -> aws.route53().getChange(b -> b.id(change.id())).changeInfo());
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
            boolean live = info.status() == ChangeStatus.INSYNC;
            progress.report(new ProgressEvent(Route53Provider.ID, "await", "change " + change.id() + " of "
                    + change.after().name() + " is " + info.statusAsString()
                    + (live ? "" : " (poll " + poll + "; next in " + interval.toSeconds() + " s)"), elapsed));
            if (live) {
                return;
            }
            if (elapsed.plus(interval).compareTo(timeout) > 0) {
                throw new DnsException(Route53Provider.ID, "GetChange", DnsException.Kind.TIMEOUT, "change "
                        + change.id() + " still " + info.statusAsString() + " after " + elapsed.toSeconds() + " s",
                        "Route 53 usually reports INSYNC within a minute; look at the change with aws route53"
                        + " get-change --id " + change.id(), null);
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(Route53Provider.ID, "GetChange", DnsException.Kind.TIMEOUT, "interrupted while"
                        + " waiting for change " + change.id(), null, e);
            }
        }
    }

    /** The zone's delegation set, as GetHostedZone lists it. */
    @Override
    public List<String> authoritativeServers(String zone) {
        Zone z = zone(zone);
        var delegation = call("GetHostedZone", () -> aws.route53().getHostedZone(b -> b.id(z.id()))).delegationSet();
        if (delegation == null || delegation.nameServers().isEmpty()) {
            throw new DnsException(Route53Provider.ID, "GetHostedZone", DnsException.Kind.UNEXPECTED_RESPONSE,
                    "the hosted zone " + z.id() + " (" + z.apex() + ") lists no name servers", null, null);
        }
        return delegation.nameServers().stream().map(Route53DnsClient::normalise).toList();
    }

    private <T> T call(String operation, Supplier<T> body) {
        try {
            return calls.call(operation, body);
        } catch (CdnException e) {
            throw translate(operation, e);
        }
    }

    private static DnsException translate(String operation, CdnException e) {
        DnsException.Kind kind = DnsException.kindOf(e.kind());
        String code = e.errorCode().map(c -> c + ": ").orElse("");
        String status = e.httpStatus() > 0 ? "HTTP " + e.httpStatus() + " " : "";
        String hint = switch (kind) {
            case AUTHENTICATION -> "AWS did not accept the credentials: check the access key, secret and session"
                    + " token (or the profile / default credential chain)";
            case PERMISSION -> "allow route53:" + operation + (operation.equals("ListHostedZonesByName") ? " on *"
                    : operation.equals("GetChange") ? " on arn:aws:route53:::change/*"
                    : " on arn:aws:route53:::hostedzone/<the zone's id>");
            case NOT_FOUND -> "check the hosted zone id and the AWS account";
            case UNAVAILABLE -> "Route 53 is throttling or failing; linkproxy retried, try again later";
            default -> e.hint().orElse(null);
        };
        return new DnsException(Route53Provider.ID, operation, kind, status + code
                + e.detail().orElse(e.getMessage()), hint, e);
    }

    private static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    @Override
    public void close() {
        aws.close();
    }

    @Override
    public String toString() {
        return "Route53DnsClient" + pinnedZoneId.map(id -> "[zone " + id + "]").orElse("");
    }
}
