package io.switchboard.agent.registry;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * One provider instance of one service, as published in the registry. Immutable.
 *
 * <p>Stored as text by {@link ProviderRecordCodec}; build one with {@link #builder(String)}.
 *
 * @param service         service name (the interface FQCN unless {@code @Remote(name)} says otherwise)
 * @param version         service version, {@code ""} for none
 * @param instanceId      unique per process and service; also names the entry in the registry
 * @param endpoint        where to reach the provider; opaque here, produced and read by the transport
 * @param host            host name of the provider's machine
 * @param pid             provider's process id
 * @param startTimeMillis when the provider's process started (epoch ms, 0 if unknown): tells a live
 *                        process from a later one that reused the pid
 * @param weight          relative share of traffic for load balancing, {@code >= 0}, default 100
 * @param methodTableHash hash of the service's method table, to detect a consumer and provider built
 *                        from different interface versions
 * @param attributes      extra string properties (for example signature, driver id); names match
 *                        {@code [A-Za-z0-9._-]+}; stored sorted
 */
public record ProviderRecord(
    String service,
    String version,
    String instanceId,
    String endpoint,
    String host,
    long pid,
    long startTimeMillis,
    int weight,
    long methodTableHash,
    Map<String, String> attributes)
{
    /** Weight of a provider that does not set one. */
    public static final int DEFAULT_WEIGHT = 100;

    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Validates and freezes the record.
     *
     * @throws IllegalArgumentException when a field is missing or out of range
     */
    public ProviderRecord
    {
        requireText(service, "service");
        Objects.requireNonNull(version, "version (use \"\" for none)");
        requireText(instanceId, "instanceId");
        Objects.requireNonNull(endpoint, "endpoint");
        requireText(host, "host");
        if (pid <= 0)
        {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        if (startTimeMillis < 0)
        {
            throw new IllegalArgumentException("startTimeMillis must not be negative: " + startTimeMillis);
        }
        if (weight < 0)
        {
            throw new IllegalArgumentException("weight must not be negative: " + weight);
        }
        final SortedMap<String, String> copy = new TreeMap<>();
        if (attributes != null)
        {
            for (final Map.Entry<String, String> e : attributes.entrySet())
            {
                if (e.getKey() == null || !ATTRIBUTE_NAME.matcher(e.getKey()).matches())
                {
                    throw new IllegalArgumentException(
                        "attribute name must match [A-Za-z0-9._-]+: " + e.getKey());
                }
                copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), "value of attribute " + e.getKey()));
            }
        }
        attributes = Collections.unmodifiableSortedMap(copy);
    }

    /**
     * Starts a record for a provider in this process: host, pid and start time are filled in, the
     * instance id is generated, the version is {@code ""} and the weight {@value #DEFAULT_WEIGHT}.
     *
     * @param service the service name
     * @return a builder
     */
    public static Builder builder(final String service)
    {
        return new Builder(service);
    }

    /** @return this record's service key */
    public ServiceKey key()
    {
        return new ServiceKey(service, version);
    }

    /**
     * @param name attribute name
     * @return the attribute's value or null
     */
    public String attribute(final String name)
    {
        return attributes.get(name);
    }

    /** @return a builder holding this record's values, to derive a changed copy */
    public Builder toBuilder()
    {
        return new Builder(service)
            .version(version)
            .instanceId(instanceId)
            .endpoint(endpoint)
            .host(host)
            .pid(pid)
            .startTimeMillis(startTimeMillis)
            .weight(weight)
            .methodTableHash(methodTableHash)
            .attributes(attributes);
    }

    private static void requireText(final String value, final String name)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    /** Mutable builder of {@link ProviderRecord}; defaults describe a provider in this process. */
    public static final class Builder
    {
        private final String service;
        private String version = "";
        private String instanceId;
        private String endpoint = "";
        private String host = CurrentProcess.host();
        private long pid = CurrentProcess.pid();
        private long startTimeMillis = CurrentProcess.startTimeMillis();
        private int weight = DEFAULT_WEIGHT;
        private long methodTableHash;
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder(final String service)
        {
            this.service = service;
        }

        /**
         * @param version service version, {@code ""} for none
         * @return this
         */
        public Builder version(final String version)
        {
            this.version = version;
            return this;
        }

        /**
         * @param instanceId unique id; generated from the pid when not set
         * @return this
         */
        public Builder instanceId(final String instanceId)
        {
            this.instanceId = instanceId;
            return this;
        }

        /**
         * @param endpoint transport endpoint string
         * @return this
         */
        public Builder endpoint(final String endpoint)
        {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param host host name
         * @return this
         */
        public Builder host(final String host)
        {
            this.host = host;
            return this;
        }

        /**
         * @param pid process id
         * @return this
         */
        public Builder pid(final long pid)
        {
            this.pid = pid;
            return this;
        }

        /**
         * @param startTimeMillis process start, epoch ms, 0 if unknown
         * @return this
         */
        public Builder startTimeMillis(final long startTimeMillis)
        {
            this.startTimeMillis = startTimeMillis;
            return this;
        }

        /**
         * @param weight load-balancing weight, {@code >= 0}
         * @return this
         */
        public Builder weight(final int weight)
        {
            this.weight = weight;
            return this;
        }

        /**
         * @param methodTableHash hash of the method table
         * @return this
         */
        public Builder methodTableHash(final long methodTableHash)
        {
            this.methodTableHash = methodTableHash;
            return this;
        }

        /**
         * @param name attribute name
         * @param value attribute value
         * @return this
         */
        public Builder attribute(final String name, final String value)
        {
            attributes.put(name, value);
            return this;
        }

        /**
         * @param attributes attributes to add
         * @return this
         */
        public Builder attributes(final Map<String, String> attributes)
        {
            this.attributes.putAll(attributes);
            return this;
        }

        /**
         * @return the record
         * @throws IllegalArgumentException when a field is invalid
         */
        public ProviderRecord build()
        {
            final String id = instanceId != null ? instanceId :
                pid + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            return new ProviderRecord(
                service, version, id, endpoint, host, pid, startTimeMillis, weight, methodTableHash, attributes);
        }
    }
}
