package dev.linkproxy.verifier;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Opens TCP connections bounded by the connect limit, each watched so that it is closed when the domain's total time
 * runs out: socket read timeouts alone would let a peer that trickles bytes hold a check forever.
 */
final class Dialer {

    private final TimeLimits limits;
    private final ScheduledExecutorService watchdog;
    private final AddressPolicy policy;

    Dialer(TimeLimits limits, ScheduledExecutorService watchdog, AddressPolicy policy) {
        this.limits = limits;
        this.watchdog = watchdog;
        this.policy = policy;
    }

    TimeLimits limits() {
        return limits;
    }

    /** Puts {@code c} under {@code deadline}: the watchdog aborts it when the domain's time runs out. */
    void attach(Connection c, Deadline deadline) {
        c.attach(deadline, watchdog.schedule(c::abort, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS));
    }

    Connection connect(InetSocketAddress to, Deadline deadline) throws IOException {
        // Every connection of every check comes through here, so the rule holds for --connect-to and pre-cutover
        // endpoints too, and for the address actually dialled (after DNS).
        if (to.getAddress() != null) {
            java.util.Optional<String> refused = policy.refusal(to.getAddress());
            if (refused.isPresent()) {
                throw new StepException(refused.get());
            }
        }
        Socket socket = new Socket();
        Connection connection = new Connection(to, socket);
        attach(connection, deadline);
        String where = Addresses.text(to);
        try {
            socket.connect(to, deadline.millisFor(limits.connect()));
            return connection;
        } catch (SocketTimeoutException e) {
            connection.close();
            throw deadline.timedOut("no TCP connection to " + where, limits.connect());
        } catch (ConnectException e) {
            connection.close();
            throw new StepException(deadline.expired() ? deadline.reached().getMessage()
                    : "connection to " + where + " refused (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            connection.close();
            throw deadline.expired() ? deadline.reached() : new StepException("cannot connect to " + where + ": " + e.getMessage(), e);
        }
    }
}
