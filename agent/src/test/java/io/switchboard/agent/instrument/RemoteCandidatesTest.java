package io.switchboard.agent.instrument;

import com.acme.fixture.Inventory;
import com.acme.fixture.TickerBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteCandidatesTest
{
    private final RemoteCandidates candidates = new RemoteCandidates();
    private final ClassLoader loader = RemoteCandidatesTest.class.getClassLoader();

    @Test
    void acceptsClassesImplementingRemoteInterfacesDirectlyOrThroughTheirHierarchy() throws IOException
    {
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.InventoryImpl"), loader)).isTrue();
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.OverridingInventory"), loader)).isTrue();
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.TickerImpl"), loader)).isTrue();
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.StringRepositoryImpl"), loader)).isTrue();
        assertThat(candidates.mayImplementRemote(classFile(RemoteCandidatesTest.class.getName() + "$SubInventoryImpl"), loader)).isTrue();
    }

    @Test
    void rejectsInterfacesAndClassesWithoutRemoteSuperTypes() throws IOException
    {
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.Inventory"), loader)).isFalse();
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.TickerBase"), loader)).isFalse();
        assertThat(candidates.mayImplementRemote(classFile(RemoteCandidatesTest.class.getName()), loader)).isFalse();
        assertThat(candidates.mayImplementRemote(classFile(ArrayList.class.getName()), null)).isFalse();
        assertThat(candidates.mayImplementRemote(classFile(RemoteCandidatesTest.class.getName() + "$Plain"), loader)).isFalse();
    }

    @Test
    void acceptsWhatItCannotReadSoByteBuddyDecides() throws IOException
    {
        final ClassLoader noResources = new ClassLoader(null)
        {
        };

        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.InventoryImpl"), noResources)).isTrue();
        assertThat(candidates.mayImplementRemote(new byte[] {1, 2, 3}, loader)).isTrue();
        assertThat(candidates.mayImplementRemote(classFile("com.acme.fixture.TickerBase"), noResources)).isFalse();
    }

    // By name: loading the fixtures here would keep InstrumenterTest (same JVM) from seeing them load.
    private static byte[] classFile(final String className) throws IOException
    {
        final String resource = className.replace('.', '/') + ".class";
        try (InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(resource))
        {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }

    interface SubInventory extends Inventory
    {
    }

    abstract static class SubInventoryImpl implements SubInventory
    {
    }

    static class Plain extends TickerBase implements Runnable, Comparable<Plain>
    {
        public void run()
        {
        }

        public int compareTo(final Plain other)
        {
            return 0;
        }

        long big()
        {
            return 1L << 40; // a long constant: two constant pool slots
        }

        double real()
        {
            return Math.PI * 2.5;
        }
    }
}
