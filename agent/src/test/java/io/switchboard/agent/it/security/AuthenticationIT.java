package io.switchboard.agent.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.switchboard.agent.it.ChildJvm;
import io.switchboard.agent.it.e2e.E2e;
import io.switchboard.transport.aeron.Endpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a shared secret, only processes that hold it can call or serve: real provider and consumer
 * JVMs, each provider journaling what it ran.
 */
class AuthenticationIT
{
    private static final Duration WAIT = Duration.ofSeconds(ChildJvm.TIMEOUT_SECONDS);

    @TempDir
    Path workDir;
    private SecureCluster cluster;

    @BeforeEach
    void setUp() throws IOException
    {
        cluster = new SecureCluster(workDir);
    }

    @AfterEach
    void tearDown()
    {
        cluster.close();
    }

    @Test
    void aConsumerWithTheSecretIsServed() throws IOException
    {
        final ChildJvm.Running provider = cluster.provider("a", SecureCluster.SECRET, "");
        assertThat(provider.err()).contains("auth=on(payloads in plaintext");
        final ChildJvm.Running consumer = cluster.consumer(SecureCluster.SECRET, "", "first", "second");
        assertThat(consumer.out()).as(E2e.output(consumer))
            .contains("result first=stored first by pid " + provider.process.pid(), "result second=stored second");
        assertThat(cluster.journal("a")).containsExactly("first", "second");
    }

    @Test
    void aConsumerWithoutTheSecretIsRefusedAtOnceWithAnErrorNamingTheSecretAndNothingRuns() throws IOException
    {
        cluster.provider("a", SecureCluster.SECRET, "");
        final ChildJvm.Running consumer = cluster.consumer(null, "", "intruder");
        assertThat(consumer.err()).contains("auth=off(no shared secret",
            "skipping the registry entry of " + SecureCluster.VAULT, "that provider requires a shared secret");
        // The signed entry tells it the provider would refuse it (a Connect without proof is refused too:
        // AuthenticatedTransportTest), so the call fails without waiting for its deadline.
        assertThat(consumer.out()).as(E2e.output(consumer))
            .contains("result intruder=error io.switchboard.api.NoProviderException")
            .contains("entries of providers that require a shared secret are skipped", "SWITCHBOARD_AUTH_SECRET");
        assertThat(cluster.journal("a")).isEmpty();
    }

    @Test
    void aConsumerWithAnotherSecretIsRefusedAndNothingRuns() throws IOException
    {
        cluster.provider("a", SecureCluster.SECRET, "");
        final ChildJvm.Running consumer = cluster.consumer("a-different-secret-of-enough-length", "", "intruder");
        // Its signature does not check with the other secret, so the consumer does not even try the provider
        // (a Connect with a wrong proof is refused too: AuthenticatedTransportTest).
        assertThat(consumer.out()).as(E2e.output(consumer))
            .contains("result intruder=error io.switchboard.api.NoProviderException");
        assertThat(consumer.err()).contains("ignoring the registry entry of " + SecureCluster.VAULT,
            "its signature does not match");
        assertThat(cluster.journal("a")).isEmpty();
    }

    @Test
    void aRogueProviderWithoutTheSecretIsNeverChosen() throws IOException
    {
        final ChildJvm.Running legit = cluster.provider("legit", SecureCluster.SECRET, "");
        cluster.provider("rogue", null, "");
        final String[] texts = new String[12];
        for (int i = 0; i < texts.length; i++)
        {
            texts[i] = "call" + i;
        }
        final ChildJvm.Running consumer = cluster.consumer(SecureCluster.SECRET, "", texts);
        for (final String text : texts)
        {
            assertThat(consumer.out()).as(E2e.output(consumer))
                .contains("result " + text + "=stored " + text + " by pid " + legit.process.pid());
        }
        assertThat(cluster.journal("rogue")).isEmpty();
        assertThat(cluster.journal("legit")).containsExactly(texts);
        assertThat(consumer.err()).contains("ignoring the registry entry of " + SecureCluster.VAULT, "it is not signed");
    }

    @Test
    void aReplayedCapturedRequestIsRefusedAndRanOnce() throws IOException
    {
        final ChildJvm.Running provider = cluster.provider("a", SecureCluster.SECRET, "");
        final String marker = "replay-me-" + System.nanoTime();
        final ChildJvm.Running consumer = cluster.consumer(SecureCluster.SECRET, "", marker);
        assertThat(consumer.out()).as(E2e.output(consumer)).contains("result " + marker + "=stored");
        // The consumer stays connected: its session is live when the copy arrives.
        final byte[] captured = capturedRequest(provider.process.pid(), marker);
        final Endpoint endpoint = cluster.endpointOf(provider.process.pid());

        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(workDir.resolve("attacker-aeron").toString())
                .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Publication publication = aeron.addPublication("aeron:udp?endpoint=" + endpoint.udpEndpoint() +
                "|term-length=65536", endpoint.udpStreamId()))
        {
            final UnsafeBuffer bytes = new UnsafeBuffer(captured);
            await().atMost(WAIT).until(() -> publication.offer(bytes, 0, captured.length) > 0);
            await().atMost(WAIT).until(() -> provider.err().contains("sequence number already seen (replayed frame)"));
        }
        assertThat(cluster.journal("a")).containsExactly(marker);
        ConsumerInput.exit(consumer);
    }

    @Test
    void encryptedPayloadsNeverReachTheWireInPlaintext() throws IOException
    {
        final ChildJvm.Running provider = cluster.provider("a", SecureCluster.SECRET, "auth.encrypt=true");
        assertThat(provider.err()).contains("auth=on,encrypted");
        final String marker = "plaintext-marker-" + System.nanoTime();
        final ChildJvm.Running consumer = cluster.consumer(SecureCluster.SECRET, "", marker);
        assertThat(consumer.out()).as(E2e.output(consumer)).contains("result " + marker + "=stored " + marker);
        assertThat(cluster.journal("a")).containsExactly(marker);
        final byte[] needle = wireForm(marker);
        for (final byte[] file : SecureCluster.driverFiles(provider.process.pid()))
        {
            assertThat(SecureCluster.indexOf(file, needle)).as("plaintext in the provider's media driver files").isLessThan(0);
        }
        for (final byte[] file : SecureCluster.driverFiles(consumer.process.pid()))
        {
            assertThat(SecureCluster.indexOf(file, needle)).as("plaintext in the consumer's media driver files").isLessThan(0);
        }
    }

    /**
     * Finds, in the log buffers of the provider's media driver, the Aeron data frame of the Request whose
     * payload holds {@code marker}, and returns its message (what a raw publication re-offers).
     */
    private static byte[] capturedRequest(final long pid, final String marker) throws IOException
    {
        final byte[] needle = wireForm(marker);
        for (final byte[] file : SecureCluster.driverFiles(pid))
        {
            for (int at = SecureCluster.indexOf(file, needle); at >= 0;
                at = indexFrom(file, needle, at + 1))
            {
                final byte[] message = enclosingRequest(file, at);
                if (null != message)
                {
                    return message;
                }
            }
        }
        throw new AssertionError("the request carrying " + marker + " is not in the provider's media driver files");
    }

    /**
     * @return the bytes of an ASCII string as the payload carries it: Kryo marks a string's last character
     * by setting its high bit, so the needle leaves it out.
     */
    private static byte[] wireForm(final String marker)
    {
        return marker.substring(0, marker.length() - 1).getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexFrom(final byte[] file, final byte[] needle, final int from)
    {
        final int found = SecureCluster.indexOf(Arrays.copyOfRange(file, from, file.length), needle);
        return found < 0 ? -1 : from + found;
    }

    private static byte[] enclosingRequest(final byte[] file, final int at)
    {
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = at & ~31; pos >= 0 && at - pos < 8192; pos -= 32)
        {
            final int frameLength = b.getInt(pos);
            if (b.getShort(pos + 6) == 1 && frameLength > at - pos && pos + frameLength <= file.length &&
                b.getShort(pos + 32 + 2) == 3 && b.getShort(pos + 32 + 4) == 7301)
            {
                return Arrays.copyOfRange(file, pos + 32, pos + frameLength);
            }
        }
        return null;
    }

    /** Tells a {@code VaultConsumerMain} to exit. */
    private static final class ConsumerInput
    {
        static void exit(final ChildJvm.Running consumer) throws IOException
        {
            consumer.process.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
            consumer.process.getOutputStream().flush();
        }
    }
}
