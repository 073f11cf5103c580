package io.switchboard.agent.registry;

import io.switchboard.transport.aeron.auth.AuthSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.Mac;

/**
 * A registry whose entries carry a signature from the shared secret, so a process without the secret
 * cannot advertise itself as a provider, whichever backend holds the entries (local files or
 * ZooKeeper). A provider signs its record (attribute {@value #ATTRIBUTE}: HMAC-SHA256 over the record's
 * canonical text without the attribute, under a key derived from the secret); consumers see only
 * entries whose signature checks, and say once per entry why one was ignored.
 * <p>
 * A copied signed entry stays valid but can only point at the provider that signed it; a process
 * that takes over that endpoint still fails the session handshake, which proves the secret again.
 * <p>
 * A process without the secret sees the mirror image ({@link #withoutSecret}): only unsigned entries,
 * because a provider that signed its entry requires the secret and would refuse this process's
 * calls. Its consumers then fail at once with an error that names the missing secret, instead of
 * waiting out their deadline for a handshake that cannot succeed.
 */
public final class SignedRegistry implements ServiceRegistry
{
    /** Attribute holding the signature. */
    public static final String ATTRIBUTE = "signature";
    private static final int MAX_REMEMBERED = 4096;

    private final ServiceRegistry backend;
    private final AuthSecret secret;
    private volatile boolean skippedSigned;
    private final Consumer<String> warn;
    private final ThreadLocal<Mac> mac;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param backend the registry holding the entries.
     * @param secret  the shared secret.
     * @param warn    where "entry ignored" lines go (once per entry).
     */
    public SignedRegistry(final ServiceRegistry backend, final AuthSecret secret, final Consumer<String> warn)
    {
        this.backend = backend;
        this.secret = secret;
        this.warn = warn;
        this.mac = ThreadLocal.withInitial(secret::registryMac);
    }

    private SignedRegistry(final ServiceRegistry backend, final Consumer<String> warn)
    {
        this.backend = backend;
        this.secret = null;
        this.warn = warn;
        this.mac = null;
    }

    /**
     * The registry as a process without the shared secret sees it: its own entries go in unsigned, and
     * signed entries are left out (saying so once per entry), as their providers would refuse it.
     *
     * @param backend the registry holding the entries.
     * @param warn    where "entry skipped" lines go (once per entry).
     * @return the filtered registry.
     */
    public static SignedRegistry withoutSecret(final ServiceRegistry backend, final Consumer<String> warn)
    {
        return new SignedRegistry(backend, warn);
    }

    /**
     * @param record a record, signed or not.
     * @param secret the shared secret.
     * @return the record's signature (over everything but its {@value #ATTRIBUTE} attribute).
     */
    public static String signature(final ProviderRecord record, final AuthSecret secret)
    {
        return sign(secret.registryMac(), record);
    }

    private static String sign(final Mac mac, final ProviderRecord record)
    {
        final Map<String, String> attributes = new TreeMap<>(record.attributes());
        attributes.remove(ATTRIBUTE);
        final String canonical = ProviderRecordCodec.encode(withAttributes(record, attributes));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Registration register(final ProviderRecord record)
    {
        if (null == secret)
        {
            return backend.register(record);
        }
        final Map<String, String> attributes = new TreeMap<>(record.attributes());
        attributes.put(ATTRIBUTE, sign(mac.get(), record));
        return backend.register(withAttributes(record, attributes));
    }

    private static ProviderRecord withAttributes(final ProviderRecord r, final Map<String, String> attributes)
    {
        return new ProviderRecord(r.service(), r.version(), r.instanceId(), r.endpoint(), r.host(), r.pid(),
            r.startTimeMillis(), r.weight(), r.methodTableHash(), attributes);
    }

    @Override
    public Subscription subscribe(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
    {
        return backend.subscribe(key, records -> listener.accept(verified(records)));
    }

    @Override
    public List<ProviderRecord> providers(final ServiceKey key)
    {
        return verified(backend.providers(key));
    }

    @Override
    public List<ProviderRecord> all()
    {
        return verified(backend.all());
    }

    @Override
    public String describe()
    {
        if (null != secret)
        {
            return backend.describe() + " (signed entries only)";
        }
        return skippedSigned ? backend.describe() + " (entries of providers that require a shared secret are skipped: " +
            "this process has none; give it the deployment's secret with SWITCHBOARD_AUTH_SECRET or " +
            "switchboard.auth.secret.file)" : backend.describe();
    }

    @Override
    public void close()
    {
        backend.close();
    }

    private List<ProviderRecord> verified(final List<ProviderRecord> records)
    {
        List<ProviderRecord> kept = null;
        for (int i = 0; i < records.size(); i++)
        {
            final ProviderRecord record = records.get(i);
            final boolean valid = isValid(record);
            if (!valid && null == kept)
            {
                kept = new ArrayList<>(records.subList(0, i));
            }
            else if (valid && null != kept)
            {
                kept.add(record);
            }
        }
        return null == kept ? records : List.copyOf(kept);
    }

    private boolean isValid(final ProviderRecord record)
    {
        final String claimed = record.attribute(ATTRIBUTE);
        if (null == secret)
        {
            return null == claimed || skipSigned(record);
        }
        if (null != claimed && MessageDigest.isEqual(claimed.getBytes(StandardCharsets.US_ASCII),
            sign(mac.get(), record).getBytes(StandardCharsets.US_ASCII)))
        {
            return true;
        }
        final String id = record.instanceId() + "/" + record.service() + "/" + claimed;
        if (warned.size() < MAX_REMEMBERED && warned.add(id))
        {
            warn.accept("ignoring the registry entry of " + record.service() + " at " + record.endpoint() + " (pid " +
                record.pid() + " on " + record.host() + "): " + (null == claimed ? "it is not signed" : "its signature " +
                "does not match") + ", so its process does not know this deployment's shared secret (or runs an older " +
                "Switchboard); it will not be called");
        }
        return false;
    }

    private boolean skipSigned(final ProviderRecord record)
    {
        skippedSigned = true;
        if (warned.size() < MAX_REMEMBERED && warned.add(record.instanceId() + "/" + record.service()))
        {
            warn.accept("skipping the registry entry of " + record.service() + " at " + record.endpoint() + " (pid " +
                record.pid() + " on " + record.host() + "): that provider requires a shared secret and this process has " +
                "none, so it would refuse every call; give this process the deployment's secret with " +
                "SWITCHBOARD_AUTH_SECRET or switchboard.auth.secret.file");
        }
        return false;
    }
}
