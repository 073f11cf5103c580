package io.switchboard.agent.config;

import io.switchboard.agent.registry.RegistrySpec;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * Every Switchboard configuration key, declared once. Add a key here (and, if it is read often, an
 * accessor on {@link SwitchboardConfig}); the loader, the unknown-key warnings and the README's
 * configuration reference all come from {@link #ALL}.
 */
public final class ConfigKeys
{
    private static final int MIB = 1024 * 1024;

    /** Services this process exports. */
    public static final ConfigKey<List<String>> PROVIDE = ConfigKey.of(
        "provide", Parsers.services(), "",
        "Services this process provides: its instances of these interfaces are exported",
        "a comma list of interface names or service names, or *");

    /** The registry. */
    public static final ConfigKey<RegistrySpec> REGISTRY = ConfigKey.of(
        "registry", Parsers.registry(), "local",
        "Where providers register and consumers find them",
        "local or zookeeper://host:port[,host:port...][/chroot]");

    /** Directory of the local registry. */
    public static final ConfigKey<String> REGISTRY_DIR = ConfigKey.computed(
        "registry.dir", Parsers.nonEmptyText(), new DefaultValue()
        {
            @Override
            public String compute(final Map<String, String> properties, final Map<String, String> env)
            {
                return defaultRegistryDir(properties, env);
            }
        },
        "/dev/shm/switchboard-<user>/registry (java.io.tmpdir when /dev/shm is missing)",
        "Directory the processes of one host share for the local registry",
        "a directory path");

    /** The process's logical name. */
    public static final ConfigKey<String> SERVICE_NAME = ConfigKey.computed(
        "service.name", Parsers.nonEmptyText(), new DefaultValue()
        {
            @Override
            public String compute(final Map<String, String> properties, final Map<String, String> env)
            {
                return defaultServiceName(properties, env);
            }
        },
        "otel.service.name (or OTEL_SERVICE_NAME), else the main class or jar name",
        "The logical name of this process, used in the registry and as the traces' service.name",
        "a non-empty name");

    /** What to do when no provider is reachable. */
    public static final ConfigKey<Fallback> FALLBACK = ConfigKey.of(
        "fallback", Parsers.choice(Fallback.values()), "fail",
        "When no provider is reachable: fail with NoProviderException, or run the local implementation",
        Parsers.describeChoice(Fallback.values()));

    /** Default call timeout. */
    public static final ConfigKey<Long> TIMEOUT_MS = ConfigKey.of(
        "timeout.ms", Parsers.longAtLeast(1), "1000",
        "Default deadline of a remote call in milliseconds (@Remote(timeoutMillis) overrides it)",
        "a whole number of milliseconds greater than 0");

    /** External media driver directory. */
    public static final ConfigKey<String> AERON_DIR = ConfigKey.of(
        "aeron.dir", Parsers.text(), "",
        "Directory of an external Aeron media driver to use (wins over switchboard.driver); empty: " +
            "switchboard.driver decides",
        "a directory path, or empty");

    /** Which media driver. */
    public static final ConfigKey<String> DRIVER = ConfigKey.of(
        "driver", Parsers.nonEmptyText(), "shared",
        "Which Aeron media driver this process uses: embedded (a private one in this process; calls to other " +
            "processes go over UDP), shared (the one driver of this user and network namespace on this host, " +
            "started as its own process by the first agent that needs it; calls between its processes go over " +
            "aeron:ipc, and a process whose driver died or timed it out re-attaches), or the directory of an " +
            "external driver (as switchboard.aeron.dir, which wins when set)",
        "embedded, shared, or a directory path");

    /** Where the host-shared driver lives. */
    public static final ConfigKey<String> DRIVER_SHARED_DIR = ConfigKey.computed(
        "driver.shared.dir", Parsers.nonEmptyText(), new DefaultValue()
        {
            @Override
            public String compute(final Map<String, String> properties, final Map<String, String> env)
            {
                return io.switchboard.agent.registry.local.LocalRegistryDirectory.defaultDirectory().getParent()
                    .toString();
            }
        },
        "/dev/shm/switchboard-<user> (java.io.tmpdir when /dev/shm is missing)",
        "With switchboard.driver=shared: the directory holding the shared driver (driver-net<namespace>/) and " +
            "its lock, pid and log files",
        "a directory path");

    /** How long the host-shared driver outlives its last client. */
    public static final ConfigKey<Long> DRIVER_IDLE_MS = ConfigKey.of(
        "driver.idle.ms", Parsers.longAtLeast(100), "10000",
        "With switchboard.driver=shared: how long a shared driver started by an agent keeps running after its " +
            "last client left",
        "a whole number of milliseconds, 100 or more");

    /** Where the provider listens. */
    public static final ConfigKey<HostPort> BIND = ConfigKey.of(
        "bind", Parsers.hostPort(), "127.0.0.1:0",
        "Address and port a provider receives requests on (port 0: any free port)",
        "host:port with a port from 0 to 65535");

    /** Host name other processes use to reach this one. */
    public static final ConfigKey<String> ADVERTISE_HOST = ConfigKey.of(
        "advertise.host", Parsers.text(), "",
        "Host that consumers use to reach this provider (registered in its endpoint); empty: the bind host",
        "a host name or IP address, or empty");

    /** Largest message. */
    public static final ConfigKey<Integer> MAX_MESSAGE_BYTES = ConfigKey.of(
        "max.message.bytes", Parsers.bytes(1024, 1024 * MIB), String.valueOf(16 * MIB),
        "Largest request or reply; larger ones fail with a clear error",
        "a size in bytes from 1024 to 1073741824, plain or with a k, m or g suffix (16m)");

    /** CPU versus latency. */
    public static final ConfigKey<Profile> PROFILE = ConfigKey.of(
        "profile", Parsers.choice(Profile.values()), "balanced",
        "balanced: a synchronous caller polls for its reply for up to 250 µs, and a provider's idle worker (which " +
            "polls the server itself and runs the call it reads) polls on for 250 µs after a request (longer than a " +
            "loopback UDP round trip), or else its polling thread for 50 µs, yielding the core, before they park (back-to-back " +
            "calls need no thread wake-up; idle processes use almost no CPU); low-latency: they busy-spin instead, " +
            "for up to 1 s after a request, waiting callers until their reply, and the media driver thread always " +
            "(a busy core each: for machines with cores to spare)",
        Parsers.describeChoice(Profile.values()));

    /** Extra serializable classes. */
    public static final ConfigKey<List<String>> SERIALIZATION_ALLOW = ConfigKey.of(
        "serialization.allow", Parsers.classNames(), "",
        "Extra classes that may cross the wire, beyond those in the @Remote interfaces' signatures",
        "a comma list of fully qualified class names");

    /** Retries of idempotent calls. */
    public static final ConfigKey<Integer> RETRIES = ConfigKey.of(
        "retries", Parsers.intBetween(0, 100), "2",
        "How many times an @Idempotent call is re-sent to another provider after a failure",
        "a whole number from 0 to 100");

    /** Graceful shutdown. */
    public static final ConfigKey<Long> SHUTDOWN_GRACE_MS = ConfigKey.of(
        "shutdown.grace.ms", Parsers.longAtLeast(0), "2000",
        "On shutdown, how long a provider that has deregistered keeps answering: running calls finish, new ones " +
            "are refused as SHUTTING_DOWN (they did not run, so consumers re-send them elsewhere)",
        "a whole number of milliseconds, 0 or more");

    /** Overload protection: how many calls a provider runs at once. */
    public static final ConfigKey<Integer> PROVIDER_MAX_CONCURRENT = ConfigKey.of(
        "provider.max.concurrent", Parsers.intBetween(1, 10_000), "32",
        "How many calls a provider runs at once (its worker threads); further calls wait in its queue",
        "a whole number from 1 to 10000");

    /** Overload protection: how many calls wait for a worker. */
    public static final ConfigKey<Integer> PROVIDER_MAX_QUEUED = ConfigKey.of(
        "provider.max.queued", Parsers.intBetween(0, 1_000_000), "1024",
        "How many calls a provider queues while all its workers are busy; beyond that it answers OVERLOADED at " +
            "once (the call did not run, so the consumer re-sends it to another provider)",
        "a whole number from 0 to 1000000");

    /** Limits under attack: calls one consumer session may have running or queued. */
    public static final ConfigKey<Integer> PROVIDER_MAX_SESSION_CONCURRENT = ConfigKey.of(
        "provider.max.session.concurrent", Parsers.intBetween(1, 1_000_000), "512",
        "How many calls one consumer session may have running or queued at a provider; beyond that its calls are " +
            "answered OVERLOADED at once (they did not run), so one flooding client cannot take every worker",
        "a whole number from 1 to 1000000");

    /** Limits under attack: sessions a provider holds. */
    public static final ConfigKey<Integer> PROVIDER_MAX_SESSIONS = ConfigKey.of(
        "provider.max.sessions", Parsers.intBetween(1, 100_000), "1024",
        "How many consumer sessions (connecting or connected) a provider holds at once; further connects are " +
            "ignored and counted, and the consumer's connect times out",
        "a whole number from 1 to 100000");

    /** Limits under attack: how long a session may stay without a valid request. */
    public static final ConfigKey<Long> PROVIDER_HANDSHAKE_TIMEOUT_MS = ConfigKey.of(
        "provider.handshake.timeout.ms", Parsers.longAtLeast(1), "10000",
        "A consumer session that has sent no valid request this long after connecting is dropped once more than " +
            "half of switchboard.provider.max.sessions are taken (idle consumers keep their session otherwise)",
        "a whole number of milliseconds greater than 0");

    /** This provider's load-balancing weight. */
    public static final ConfigKey<Integer> WEIGHT = ConfigKey.of(
        "weight", Parsers.intBetween(0, 10_000), "100",
        "This provider's share of calls relative to other providers of the same service (p2c, weighted_random); " +
            "0 takes calls only when no other provider can",
        "a whole number from 0 to 10000");

    /** Load balancing. */
    public static final ConfigKey<LoadBalance> LOADBALANCE = ConfigKey.of(
        "loadbalance", Parsers.choice(LoadBalance.values()), "p2c",
        "How a consumer picks among the live providers of a service: p2c (of two random providers, the one with " +
            "fewer calls outstanding), round_robin, weighted_random (by registry weight) or consistent_hash (equal " +
            "first arguments go to the same provider)",
        Parsers.describeChoice(LoadBalance.values()));

    /** Warm-up of new providers. */
    public static final ConfigKey<Long> WARMUP_MS = ConfigKey.of(
        "warmup.ms", Parsers.longAtLeast(0), "10000",
        "A provider's share of calls (p2c, weighted_random) ramps up linearly over this time from its process start, " +
            "so a cold JVM is not handed a full share at once; 0: no warm-up",
        "a whole number of milliseconds, 0 or more");

    /** Circuit breaker: failures in a row. */
    public static final ConfigKey<Integer> BREAKER_FAILURES = ConfigKey.of(
        "breaker.consecutive.failures", Parsers.intBetween(0, 62), "5",
        "A provider's circuit opens after this many transport failures in a row (not delivered, connection lost, " +
            "timeout, overloaded, shutting down; never the method's own exceptions); 0: not for this reason",
        "a whole number from 0 to 62");

    /** Circuit breaker: failure rate. */
    public static final ConfigKey<Integer> BREAKER_FAILURE_RATE = ConfigKey.of(
        "breaker.failure.rate", Parsers.intBetween(0, 100), "50",
        "A provider's circuit opens when at least this percentage of its last switchboard.breaker.window calls " +
            "failed; 0: not for this reason",
        "a whole number of percent from 0 to 100");

    /** Circuit breaker: window. */
    public static final ConfigKey<Integer> BREAKER_WINDOW = ConfigKey.of(
        "breaker.window", Parsers.intBetween(1, 62), "20",
        "How many recent calls to a provider the failure rate is computed over (judged once that many were made)",
        "a whole number from 1 to 62");

    /** Circuit breaker: open time. */
    public static final ConfigKey<Long> BREAKER_OPEN_MS = ConfigKey.of(
        "breaker.open.ms", Parsers.longAtLeast(0), "5000",
        "How long an open circuit skips its provider before letting probe calls through (half-open)",
        "a whole number of milliseconds, 0 or more");

    /** Circuit breaker: probes. */
    public static final ConfigKey<Integer> BREAKER_HALF_OPEN_CALLS = ConfigKey.of(
        "breaker.half.open.calls", Parsers.intBetween(1, 1000), "3",
        "How many probe calls a half-open circuit lets through; all must succeed to close it, one failure reopens it",
        "a whole number from 1 to 1000");

    /** ZooKeeper session timeout. */
    public static final ConfigKey<Long> REGISTRY_SESSION_TIMEOUT_MS = ConfigKey.of(
        "registry.session.timeout.ms", Parsers.longAtLeast(1), "5000",
        "ZooKeeper session timeout: a provider that stops answering is removed after it",
        "a whole number of milliseconds greater than 0");

    /** Shared secret; from the environment only. */
    public static final ConfigKey<String> AUTH_SECRET = ConfigKey.secret(
        "auth.secret", Parsers.text(),
        "Shared secret (at least 16 bytes): consumers and providers prove it to each other per session, every " +
            "request and reply carries an HMAC under a session key, and providers sign their registry entries; " +
            "only as the environment variable SWITCHBOARD_AUTH_SECRET (unset: no authentication)",
        "any text of at least 16 bytes");

    /** File holding the shared secret. */
    public static final ConfigKey<String> AUTH_SECRET_FILE = ConfigKey.of(
        "auth.secret.file", Parsers.text(), "",
        "File holding the shared secret (instead of SWITCHBOARD_AUTH_SECRET); surrounding white space is ignored",
        "a file path, or empty");

    /** Payload encryption. */
    public static final ConfigKey<Boolean> AUTH_ENCRYPT = ConfigKey.of(
        "auth.encrypt", Parsers.bool(), "false",
        "Encrypt the trace context and payload of every call with AES-GCM under per-session keys (needs the shared " +
            "secret); a provider with it encrypts every session, a consumer with it asks each provider to",
        "true or false");

    /** ZooKeeper digest credential; from the environment only. */
    public static final ConfigKey<String> REGISTRY_AUTH = ConfigKey.secret(
        "registry.auth", Parsers.text(),
        "ZooKeeper digest credential user:password: providers register with digest ACLs so only holders can " +
            "register (reading stays open); only as the environment variable SWITCHBOARD_REGISTRY_AUTH",
        "user:password");

    /** File holding the ZooKeeper digest credential. */
    public static final ConfigKey<String> REGISTRY_AUTH_FILE = ConfigKey.of(
        "registry.auth.file", Parsers.text(), "",
        "File whose first line is the ZooKeeper digest credential user:password (instead of SWITCHBOARD_REGISTRY_AUTH)",
        "a file path, or empty");

    /** Per-service fallback class. */
    public static final ConfigKeyPattern SERVICE_FALLBACK = ConfigKeyPattern.of(
        "service.", "<interface name>", ".fallback",
        "A class implementing that @Remote interface (public, with a public no-arg constructor) whose method runs " +
            "when no provider can serve a call; checked at startup. Agent args or system property only",
        "a fully qualified class name on the application's class path");

    /** Every key pattern, in reference order. */
    public static final List<ConfigKeyPattern> PATTERNS = List.of(SERVICE_FALLBACK);

    /** Every key, in reference order. */
    public static final List<ConfigKey<?>> ALL = List.of(
        PROVIDE, REGISTRY, REGISTRY_DIR, SERVICE_NAME, FALLBACK, TIMEOUT_MS, AERON_DIR, DRIVER, DRIVER_SHARED_DIR,
        DRIVER_IDLE_MS, BIND, ADVERTISE_HOST,
        MAX_MESSAGE_BYTES, PROFILE, SERIALIZATION_ALLOW, RETRIES, SHUTDOWN_GRACE_MS, LOADBALANCE, WARMUP_MS,
        BREAKER_FAILURES, BREAKER_FAILURE_RATE, BREAKER_WINDOW, BREAKER_OPEN_MS, BREAKER_HALF_OPEN_CALLS,
        PROVIDER_MAX_CONCURRENT, PROVIDER_MAX_QUEUED, PROVIDER_MAX_SESSION_CONCURRENT, PROVIDER_MAX_SESSIONS,
        PROVIDER_HANDSHAKE_TIMEOUT_MS, WEIGHT, REGISTRY_SESSION_TIMEOUT_MS, REGISTRY_AUTH,
        REGISTRY_AUTH_FILE, AUTH_SECRET, AUTH_SECRET_FILE, AUTH_ENCRYPT);

    private ConfigKeys()
    {
    }

    /**
     * @param name a key name without prefix, e.g. {@code timeout.ms}.
     * @return the key, or {@code null} when there is none.
     */
    public static ConfigKey<?> find(final String name)
    {
        for (final ConfigKey<?> key : ALL)
        {
            if (key.name().equals(name))
            {
                return key;
            }
        }
        return null;
    }

    /**
     * @param name a key name without prefix.
     * @return the pattern it matches, or {@code null}.
     */
    public static ConfigKeyPattern findPattern(final String name)
    {
        for (final ConfigKeyPattern pattern : PATTERNS)
        {
            if (null != pattern.match(name))
            {
                return pattern;
            }
        }
        return null;
    }

    /**
     * @param envName an environment variable, e.g. {@code SWITCHBOARD_TIMEOUT_MS}.
     * @return the key, or {@code null} when there is none.
     */
    public static ConfigKey<?> findByEnvName(final String envName)
    {
        for (final ConfigKey<?> key : ALL)
        {
            if (key.envName().equals(envName))
            {
                return key;
            }
        }
        return null;
    }

    /**
     * @param name an unknown key name without prefix.
     * @return the known key with the smallest edit distance to it.
     */
    public static ConfigKey<?> nearest(final String name)
    {
        ConfigKey<?> best = ALL.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (final ConfigKey<?> key : ALL)
        {
            final int distance = editDistance(name, key.name());
            if (distance < bestDistance)
            {
                best = key;
                bestDistance = distance;
            }
        }
        return best;
    }

    static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String defaultRegistryDir(final Map<String, String> properties, final Map<String, String> env)
    {
        return io.switchboard.agent.registry.local.LocalRegistryDirectory.defaultDirectory().toString();
    }

    private static String defaultServiceName(final Map<String, String> properties, final Map<String, String> env)
    {
        final String otel = properties.get("otel.service.name");
        if (null != otel && !otel.isBlank())
        {
            return otel.trim();
        }
        final String otelEnv = env.get("OTEL_SERVICE_NAME");
        if (null != otelEnv && !otelEnv.isBlank())
        {
            return otelEnv.trim();
        }
        final String command = properties.getOrDefault("sun.java.command", "").trim();
        if (command.isEmpty())
        {
            return "unknown_service:java";
        }
        final int space = command.indexOf(' ');
        final String main = space < 0 ? command : command.substring(0, space);
        if (main.endsWith(".jar"))
        {
            final String jar = new File(main).getName();
            return jar.substring(0, jar.length() - ".jar".length());
        }
        return main;
    }
}
