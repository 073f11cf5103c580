package io.switchboard.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.auth.AuthSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SignedRegistryTest
{
    private static final AuthSecret SECRET = AuthSecret.of("registry-test-secret-0123456789", "test");

    /** Holds what was registered; lists it back. */
    private static final class Backend implements ServiceRegistry
    {
        final List<ProviderRecord> records = new ArrayList<>();

        @Override
        public Registration register(final ProviderRecord record)
        {
            records.add(record);
            return new Registration()
            {
                @Override
                public ProviderRecord record()
                {
                    return record;
                }

                @Override
                public void close()
                {
                }
            };
        }

        @Override
        public Subscription subscribe(final ServiceKey key, final Consumer<List<ProviderRecord>> listener)
        {
            listener.accept(providers(key));
            return null;
        }

        @Override
        public List<ProviderRecord> providers(final ServiceKey key)
        {
            return records.stream().filter(r -> r.key().equals(key)).toList();
        }

        @Override
        public List<ProviderRecord> all()
        {
            return List.copyOf(records);
        }

        @Override
        public String describe()
        {
            return "test backend";
        }

        @Override
        public void close()
        {
        }
    }

    private static ProviderRecord record(final String endpoint)
    {
        return ProviderRecord.builder("com.acme.Vault").endpoint(endpoint).attributes(Map.of("zone", "a")).build();
    }

    @Test
    void signedEntriesAreSeenUnsignedForgedOrAlteredOnesIgnoredAndReportedOnce()
    {
        final Backend backend = new Backend();
        final List<String> warnings = new ArrayList<>();
        final SignedRegistry registry = new SignedRegistry(backend, SECRET, warnings::add);
        final ProviderRecord legit = registry.register(record("aeron:legit")).record();
        assertThat(legit.attribute(SignedRegistry.ATTRIBUTE)).isNotEmpty();

        backend.register(record("aeron:unsigned"));
        final Map<String, String> forged = new java.util.TreeMap<>(legit.attributes());
        backend.register(new ProviderRecord(legit.service(), legit.version(), "copy", "aeron:rogue", legit.host(),
            legit.pid(), legit.startTimeMillis(), legit.weight(), legit.methodTableHash(), forged));
        final SignedRegistry otherSecret = new SignedRegistry(new Backend(), AuthSecret.of("another-secret-0123456789", "t"),
            w -> { });
        backend.register(otherSecret.register(record("aeron:other")).record());

        final List<ProviderRecord> seen = registry.providers(legit.key());
        assertThat(seen).extracting(ProviderRecord::endpoint).containsExactly("aeron:legit");
        assertThat(registry.all()).hasSize(1);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).contains("aeron:unsigned", "it is not signed");
        assertThat(warnings.get(1)).contains("aeron:rogue", "signature does not match");
        final List<List<ProviderRecord>> pushed = new ArrayList<>();
        registry.subscribe(legit.key(), pushed::add);
        assertThat(pushed.get(0)).extracting(ProviderRecord::endpoint).containsExactly("aeron:legit");
        assertThat(warnings).as("each entry is reported once").hasSize(3);
    }

    @Test
    void theSignatureSurvivesTheRecordsTextForm() throws CorruptRecordException
    {
        final Backend backend = new Backend();
        final SignedRegistry registry = new SignedRegistry(backend, SECRET, w -> { });
        final ProviderRecord signed = registry.register(record("aeron:legit")).record();
        final ProviderRecord decoded = ProviderRecordCodec.decode(ProviderRecordCodec.encode(signed));
        backend.records.clear();
        backend.records.add(decoded);
        assertThat(registry.providers(signed.key())).containsExactly(decoded);
    }

    @Test
    void aProcessWithoutTheSecretSkipsSignedEntriesAndItsNoProviderErrorNamesTheMissingSecret()
    {
        final Backend backend = new Backend();
        new SignedRegistry(backend, SECRET, w -> { }).register(record("aeron:secured"));
        final List<String> warnings = new ArrayList<>();
        final SignedRegistry open = SignedRegistry.withoutSecret(backend, warnings::add);
        assertThat(open.describe()).isEqualTo("test backend");
        final ProviderRecord plain = open.register(record("aeron:plain")).record();
        assertThat(plain.attribute(SignedRegistry.ATTRIBUTE)).as("registered unsigned").isNull();

        assertThat(open.providers(plain.key())).extracting(ProviderRecord::endpoint).containsExactly("aeron:plain");
        assertThat(open.all()).extracting(ProviderRecord::endpoint).containsExactly("aeron:plain");
        assertThat(warnings).singleElement().asString()
            .contains("aeron:secured", "requires a shared secret", "SWITCHBOARD_AUTH_SECRET");
        assertThat(open.describe()).contains("test backend", "require a shared secret", "switchboard.auth.secret.file");
    }
}
