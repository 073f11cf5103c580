package io.switchboard.transport.serial;

import io.switchboard.api.RemoteFailureException;
import io.switchboard.transport.serial.fixtures.NoMessageException;
import io.switchboard.transport.serial.fixtures.OutOfStockException;
import io.switchboard.transport.serial.fixtures.SecretException;
import io.switchboard.transport.serial.fixtures.ShortageException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowableRoundTripTest
{
    private static final String ORIGIN = "shop@127.0.0.1:40123";

    private final PayloadSerializer serializer = new PayloadSerializer(Fixtures.shopAllowList());
    private final MutableDirectBuffer buffer = new ExpandableArrayBuffer(128);

    private RemoteThrowable roundTrip(final Throwable thrown)
    {
        final int length = serializer.writeThrowable(buffer, 5, thrown);
        return serializer.readThrowable(buffer, 5, length);
    }

    @Test
    void checkedUserExceptionIsRebuiltWithItsCustomFieldsAndCause()
    {
        final OutOfStockException thrown = new OutOfStockException("sold out", 42L, List.of("nails", "screws"));
        thrown.initCause(new IllegalStateException("warehouse offline"));

        final Throwable rebuilt = serializer.rebuild(roundTrip(thrown), ORIGIN).orElseThrow();

        assertThat(rebuilt).isExactlyInstanceOf(OutOfStockException.class).hasMessage("sold out");
        assertThat(((OutOfStockException)rebuilt).itemId()).isEqualTo(42L);
        assertThat(((OutOfStockException)rebuilt).alternatives()).containsExactly("nails", "screws");
        assertThat(rebuilt.getCause()).isExactlyInstanceOf(IllegalStateException.class).hasMessage("warehouse offline");
        assertThat(rebuilt.getSuppressed()).isEmpty();
    }

    @Test
    void stackTraceIsRemoteFramesThenMarkerThenCallerFrames()
    {
        final IllegalArgumentException thrown = new IllegalArgumentException("bad id");
        final StackTraceElement[] remoteFrames = thrown.getStackTrace();

        final Throwable rebuilt = serializer.rebuild(roundTrip(thrown), ORIGIN).orElseThrow();

        final StackTraceElement[] frames = rebuilt.getStackTrace();
        assertThat(Arrays.copyOf(frames, remoteFrames.length)).containsExactly(remoteFrames);
        assertThat(frames[remoteFrames.length].getClassName()).isEqualTo("<remote: " + ORIGIN + ">");
        assertThat(Arrays.stream(frames, remoteFrames.length + 1, frames.length))
            .first().satisfies(f -> assertThat(f.getMethodName()).isEqualTo("stackTraceIsRemoteFramesThenMarkerThenCallerFrames"));
    }

    @Test
    void standardJdkRuntimeExceptionsAreRebuiltAsTheSameType()
    {
        for (final RuntimeException thrown : List.of(new IllegalArgumentException("a"), new IllegalStateException("b"),
            new UnsupportedOperationException("c"), new NullPointerException("d"), new ArithmeticException("e"),
            new IndexOutOfBoundsException("f"), new NoSuchElementException("g"), new ConcurrentModificationException("h"),
            new ClassCastException("i"), new DateTimeException("j"), new UncheckedIOException("k", new IOException("io"))))
        {
            final Throwable rebuilt = serializer.rebuild(roundTrip(thrown), ORIGIN).orElseThrow();
            assertThat(rebuilt).isExactlyInstanceOf(thrown.getClass()).hasMessage(thrown.getMessage());
        }
    }

    @Test
    void uncheckedIoExceptionKeepsItsIoExceptionCause()
    {
        final Throwable rebuilt = serializer.rebuild(
            roundTrip(new UncheckedIOException("disk", new IOException("full"))), ORIGIN).orElseThrow();
        assertThat(rebuilt.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("full");
    }

    @Test
    void undeclaredUserExceptionIsNotRebuiltAndWrapsAsRemoteFailure()
    {
        final RemoteThrowable remote = roundTrip(new SecretException("top secret"));

        assertThat(remote.className()).isEqualTo(SecretException.class.getName());
        assertThat(remote.message()).isEqualTo("top secret");
        assertThat(serializer.rebuild(remote, ORIGIN)).isEmpty();
        final Throwable wrapped = serializer.rebuildOrWrap(remote, ORIGIN);
        assertThat(wrapped).isExactlyInstanceOf(RemoteFailureException.class)
            .hasMessageContaining(SecretException.class.getName()).hasMessageContaining("top secret")
            .hasMessageContaining(ORIGIN);
        assertThat(((RemoteFailureException)wrapped).remoteClassName()).isEqualTo(SecretException.class.getName());
    }

    @Test
    void unknownCauseInsideAllowedExceptionBecomesRemoteFailureCause()
    {
        final IllegalStateException thrown = new IllegalStateException("outer", new SecretException("inner"));
        final Throwable rebuilt = serializer.rebuild(roundTrip(thrown), ORIGIN).orElseThrow();
        assertThat(rebuilt.getCause()).isExactlyInstanceOf(RemoteFailureException.class).hasMessageContaining("inner");
    }

    @Test
    void noArgConstructorExceptionKeepsItsFieldsAndTheRemoteMessage()
    {
        final Throwable rebuilt = serializer.rebuild(roundTrip(new NoMessageException().withCode(7)), ORIGIN)
            .orElseThrow();
        assertThat(rebuilt).isExactlyInstanceOf(NoMessageException.class).hasMessage("code 7");
        assertThat(rebuilt.getSuppressed()).isEmpty(); // message recomputed from the restored field
    }

    @Test
    void exceptionWithOnlyItsOwnConstructorIsRebuiltWithMessageAndFields()
    {
        final Throwable rebuilt = serializer.rebuild(roundTrip(new ShortageException("5 x pear, 3 left", 3)), ORIGIN)
            .orElseThrow();
        assertThat(rebuilt).isExactlyInstanceOf(ShortageException.class).hasMessage("5 x pear, 3 left");
        assertThat(((ShortageException)rebuilt).available()).isEqualTo(3);
    }

    @Test
    void causeChainIsCutAtBoundedDepth()
    {
        Throwable chain = new IllegalStateException("root");
        for (int i = 0; i < 50; i++)
        {
            chain = new IllegalArgumentException("level " + i, chain);
        }
        RemoteThrowable remote = roundTrip(chain);
        int depth = 1;
        while (remote.cause() != null)
        {
            remote = remote.cause();
            depth++;
        }
        assertThat(depth).isEqualTo(ThrowableCodec.MAX_CAUSE_DEPTH);
        assertThat(serializer.rebuild(roundTrip(chain), ORIGIN)).isPresent();
    }

    @Test
    void suppressedExceptionsTravel()
    {
        final IllegalStateException thrown = new IllegalStateException("main");
        thrown.addSuppressed(new NoSuchElementException("closing"));
        final Throwable rebuilt = serializer.rebuild(roundTrip(thrown), ORIGIN).orElseThrow();
        assertThat(rebuilt.getSuppressed()).singleElement()
            .isInstanceOf(NoSuchElementException.class).hasFieldOrPropertyWithValue("message", "closing");
    }

    @Test
    void errorsAreNotRebuilt()
    {
        assertThat(serializer.rebuild(roundTrip(new StackOverflowError("deep")), ORIGIN)).isEmpty();
    }
}
