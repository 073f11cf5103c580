package io.switchboard.transport.aeron;

import io.switchboard.transport.aeron.auth.AuthSecret;
import io.switchboard.transport.aeron.driver.SharedDriver;
import io.switchboard.transport.aeron.server.SessionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.agrona.ErrorHandler;

/**
 * Immutable settings of one {@link AeronTransport}, built once and validated by {@link Builder#build()}.
 * <p>
 * Defaults suit a 2-core machine: one shared driver thread and one polling thread, both backing off
 * to park when idle; dead peers noticed in about 1–2 s.
 */
public final class TransportConfig
{
    /** Configuration key named in TOO_LARGE messages. */
    public static final String MAX_MESSAGE_BYTES_KEY = "switchboard.max.message.bytes";
    /** Default {@link #termLength()}: 256 KiB. */
    public static final int DEFAULT_TERM_LENGTH = 256 * 1024;
    /** Default {@link #maxMessageBytes()}: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final Path driverDir;
    private final SharedDriver.Settings sharedDriver;
    private final int termLength;
    private final int maxMessageBytes;
    private final String host;
    private final int serverPort;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final Duration peerTimeout;
    private final long pollerMaxParkNanos;
    private final long callerSpinNanos;
    private final long pollerSpinNanos;
    private final boolean busySpin;
    private final int maxConcurrentAssemblies;
    private final SessionLimits sessionLimits;
    private final ErrorHandler errorHandler;
    private final AuthSecret authSecret;
    private final boolean encrypt;

    private TransportConfig(final Builder b)
    {
        driverDir = b.driverDir;
        sharedDriver = b.sharedDriver;
        termLength = b.termLength;
        maxMessageBytes = b.maxMessageBytes;
        host = b.host;
        serverPort = b.serverPort;
        connectTimeout = b.connectTimeout;
        replyTimeout = b.replyTimeout;
        peerTimeout = b.peerTimeout;
        pollerMaxParkNanos = b.pollerMaxParkNanos;
        callerSpinNanos = b.callerSpinNanos;
        pollerSpinNanos = b.pollerSpinNanos;
        busySpin = b.busySpin;
        maxConcurrentAssemblies = b.maxConcurrentAssemblies;
        sessionLimits = b.sessionLimits;
        errorHandler = b.errorHandler;
        authSecret = b.authSecret;
        encrypt = b.encrypt;
    }

    /**
     * @return a builder with the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return a builder starting from this configuration.
     */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.driverDir = driverDir;
        b.sharedDriver = sharedDriver;
        b.termLength = termLength;
        b.maxMessageBytes = maxMessageBytes;
        b.host = host;
        b.serverPort = serverPort;
        b.connectTimeout = connectTimeout;
        b.replyTimeout = replyTimeout;
        b.peerTimeout = peerTimeout;
        b.pollerMaxParkNanos = pollerMaxParkNanos;
        b.callerSpinNanos = callerSpinNanos;
        b.pollerSpinNanos = pollerSpinNanos;
        b.busySpin = busySpin;
        b.maxConcurrentAssemblies = maxConcurrentAssemblies;
        b.sessionLimits = sessionLimits;
        b.errorHandler = errorHandler;
        b.authSecret = authSecret;
        b.encrypt = encrypt;
        return b;
    }

    /** @return directory of an external media driver to attach to, or null to embed one (default). */
    public Path driverDir()
    {
        return driverDir;
    }

    /**
     * @return the host-shared driver to attach to (starting it when none runs), or null; ignored when
     * {@link #driverDir()} is set.
     */
    public SharedDriver.Settings sharedDriver()
    {
        return sharedDriver;
    }

    /** @return term length put on every channel this transport creates (default 256 KiB). */
    public int termLength()
    {
        return termLength;
    }

    /** @return largest payload sent or accepted, in bytes (default 16 MiB, key {@value #MAX_MESSAGE_BYTES_KEY}). */
    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /** @return host the UDP subscriptions bind to and advertise (default 127.0.0.1). */
    public String host()
    {
        return host;
    }

    /** @return UDP port for a server; 0 (default) picks a free one, see {@code Server#endpoint()}. */
    public int serverPort()
    {
        return serverPort;
    }

    /** @return how long a client session may take to connect before it fails (default 5 s). */
    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    /** @return how long a server retries a back-pressured reply (default 1 s). */
    public Duration replyTimeout()
    {
        return replyTimeout;
    }

    /** @return silence after which a peer is considered dead (default 1 s; driver timeouts derive from it). */
    public Duration peerTimeout()
    {
        return peerTimeout;
    }

    /** @return longest park of the idle polling thread (default 100 µs: lower is faster and busier). */
    public long pollerMaxParkNanos()
    {
        return pollerMaxParkNanos;
    }

    /**
     * @return how long a synchronous caller polls for its own reply before it parks and leaves the reply to
     * the polling thread (default 250 µs, like a provider's leading worker: a reply within it costs no thread
     * wake-up, and a provider woken from a park or a loopback UDP round trip answers within it).
     */
    public long callerSpinNanos()
    {
        return callerSpinNanos;
    }

    /**
     * @return how long the polling thread keeps polling after the server received a request, before it backs off
     * to park (default 50 µs, yielding between polls; with {@link #busySpin()} it spins; 1 s by the agent's
     * {@code low-latency} profile): a request that follows within it costs no thread wake-up.
     */
    public long pollerSpinNanos()
    {
        return pollerSpinNanos;
    }

    /**
     * @return true when the driver thread spins instead of backing off to park, the polling thread busy-spins (not
     * yields) for {@link #pollerSpinNanos()} after a request, and synchronous callers poll until their reply or
     * deadline (the {@code low-latency} profile: a busy core per spinning thread).
     */
    public boolean busySpin()
    {
        return busySpin;
    }

    /** @return how many chunked messages may be reassembled at once per receiver (default 16). */
    public int maxConcurrentAssemblies()
    {
        return maxConcurrentAssemblies;
    }

    /** @return what a server allows each client session, and how many sessions (see {@link SessionLimits}). */
    public SessionLimits sessionLimits()
    {
        return sessionLimits;
    }

    /**
     * @return the shared secret sessions must prove (servers refuse a Connect without the proof, clients
     * refuse a server without it), or null: no authentication.
     */
    public AuthSecret authSecret()
    {
        return authSecret;
    }

    /** @return true to encrypt payloads of authenticated sessions (a server encrypts when either side asks). */
    public boolean encrypt()
    {
        return encrypt;
    }

    /** @return where errors of the polling thread and the driver go. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @return a readable summary.
     */
    public String toString()
    {
        return "TransportConfig{driverDir=" + driverDir + ", sharedDriver=" + sharedDriver + ", termLength=" + termLength + ", maxMessageBytes=" +
            maxMessageBytes + ", host=" + host + ", serverPort=" + serverPort + ", connectTimeout=" +
            connectTimeout + ", replyTimeout=" + replyTimeout + ", peerTimeout=" + peerTimeout + ", auth=" +
            (null == authSecret ? "off" : encrypt ? "on, encrypted" : "on") + "}";
    }

    /**
     * Collects settings; {@link #build()} validates them.
     */
    public static final class Builder
    {
        private Path driverDir;
        private SharedDriver.Settings sharedDriver;
        private int termLength = DEFAULT_TERM_LENGTH;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private String host = "127.0.0.1";
        private int serverPort = 0;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration replyTimeout = Duration.ofSeconds(1);
        private Duration peerTimeout = Duration.ofSeconds(1);
        private long pollerMaxParkNanos = 100_000;
        private long callerSpinNanos = 250_000;
        private long pollerSpinNanos = 50_000;
        private boolean busySpin;
        private int maxConcurrentAssemblies = 16;
        private SessionLimits sessionLimits = SessionLimits.DEFAULT;
        private AuthSecret authSecret;
        private boolean encrypt;
        private ErrorHandler errorHandler = t ->
        {
            System.err.println("switchboard transport error: " + t);
            t.printStackTrace();
        };

        private Builder()
        {
        }

        /** @param dir directory of an external driver to attach to; null embeds a private driver. @return this. */
        public Builder driverDir(final Path dir)
        {
            driverDir = dir;
            return this;
        }

        /**
         * @param settings the host-shared driver to attach to or start; null (default) embeds a private driver.
         * @return this.
         */
        public Builder sharedDriver(final SharedDriver.Settings settings)
        {
            sharedDriver = settings;
            return this;
        }

        /** @param bytes power of two, 64 KiB..1 GiB. @return this. */
        public Builder termLength(final int bytes)
        {
            termLength = bytes;
            return this;
        }

        /** @param bytes largest payload, at least 1 KiB. @return this. */
        public Builder maxMessageBytes(final int bytes)
        {
            maxMessageBytes = bytes;
            return this;
        }

        /** @param host address to bind and advertise. @return this. */
        public Builder host(final String host)
        {
            this.host = host;
            return this;
        }

        /** @param port server UDP port, 0 for any free one. @return this. */
        public Builder serverPort(final int port)
        {
            serverPort = port;
            return this;
        }

        /** @param timeout connect timeout of client sessions. @return this. */
        public Builder connectTimeout(final Duration timeout)
        {
            connectTimeout = timeout;
            return this;
        }

        /** @param timeout how long a reply retries back-pressure. @return this. */
        public Builder replyTimeout(final Duration timeout)
        {
            replyTimeout = timeout;
            return this;
        }

        /** @param timeout silence after which a peer is dead, 100 ms..60 s. @return this. */
        public Builder peerTimeout(final Duration timeout)
        {
            peerTimeout = timeout;
            return this;
        }

        /** @param nanos longest idle park of the polling thread, 1 µs..10 ms. @return this. */
        public Builder pollerMaxParkNanos(final long nanos)
        {
            pollerMaxParkNanos = nanos;
            return this;
        }

        /** @param nanos how long a synchronous caller polls for its reply before parking, 0..1 s. @return this. */
        public Builder callerSpinNanos(final long nanos)
        {
            callerSpinNanos = nanos;
            return this;
        }

        /** @param nanos how long the polling thread polls on after a request before it backs off, 0..10 s. @return this. */
        public Builder pollerSpinNanos(final long nanos)
        {
            pollerSpinNanos = nanos;
            return this;
        }

        /** @param spin true to busy-spin the driver thread, synchronous callers and the polling thread's spin. @return this. */
        public Builder busySpin(final boolean spin)
        {
            busySpin = spin;
            return this;
        }

        /** @param count concurrent chunked messages per receiver, at least 1. @return this. */
        public Builder maxConcurrentAssemblies(final int count)
        {
            maxConcurrentAssemblies = count;
            return this;
        }

        /** @param limits per-session and session-count limits of a server. @return this. */
        public Builder sessionLimits(final SessionLimits limits)
        {
            sessionLimits = Objects.requireNonNull(limits, "sessionLimits");
            return this;
        }

        /** @param secret shared secret every session must prove, or null for none. @return this. */
        public Builder authSecret(final AuthSecret secret)
        {
            authSecret = secret;
            return this;
        }

        /** @param encrypt true to encrypt payloads (needs {@link #authSecret}). @return this. */
        public Builder encrypt(final boolean encrypt)
        {
            this.encrypt = encrypt;
            return this;
        }

        /** @param handler receives errors of the polling thread and driver. @return this. */
        public Builder errorHandler(final ErrorHandler handler)
        {
            errorHandler = handler;
            return this;
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the bad setting and what it accepts.
         */
        public TransportConfig build()
        {
            if (termLength < 64 * 1024 || termLength > 1024 * 1024 * 1024 || Integer.bitCount(termLength) != 1)
            {
                throw new IllegalArgumentException("termLength must be a power of two in 64 KiB..1 GiB: " + termLength);
            }
            if (maxMessageBytes < 1024)
            {
                throw new IllegalArgumentException(MAX_MESSAGE_BYTES_KEY + " must be at least 1024: " + maxMessageBytes);
            }
            Objects.requireNonNull(host, "host");
            if (serverPort < 0 || serverPort > 65535)
            {
                throw new IllegalArgumentException("serverPort must be 0..65535: " + serverPort);
            }
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("replyTimeout", replyTimeout);
            requirePositive("peerTimeout", peerTimeout);
            if (peerTimeout.toMillis() < 100 || peerTimeout.toSeconds() > 60)
            {
                throw new IllegalArgumentException("peerTimeout must be 100 ms..60 s: " + peerTimeout);
            }
            if (pollerMaxParkNanos < 1_000 || pollerMaxParkNanos > 10_000_000)
            {
                throw new IllegalArgumentException("pollerMaxParkNanos must be 1000..10000000: " + pollerMaxParkNanos);
            }
            if (callerSpinNanos < 0 || callerSpinNanos > 1_000_000_000)
            {
                throw new IllegalArgumentException("callerSpinNanos must be 0..1000000000: " + callerSpinNanos);
            }
            if (pollerSpinNanos < 0 || pollerSpinNanos > 10_000_000_000L)
            {
                throw new IllegalArgumentException("pollerSpinNanos must be 0..10000000000: " + pollerSpinNanos);
            }
            if (maxConcurrentAssemblies < 1)
            {
                throw new IllegalArgumentException("maxConcurrentAssemblies must be >= 1: " + maxConcurrentAssemblies);
            }
            Objects.requireNonNull(errorHandler, "errorHandler");
            if (encrypt && null == authSecret)
            {
                throw new IllegalArgumentException("switchboard.auth.encrypt=true needs a shared secret to derive keys " +
                    "from: set SWITCHBOARD_AUTH_SECRET or switchboard.auth.secret.file");
            }
            return new TransportConfig(this);
        }

        private static void requirePositive(final String name, final Duration d)
        {
            if (null == d || d.isNegative() || d.isZero())
            {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }
}
