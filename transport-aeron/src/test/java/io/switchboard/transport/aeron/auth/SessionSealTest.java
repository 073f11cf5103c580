package io.switchboard.transport.aeron.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.transport.aeron.codec.EnvelopeEncoder;
import java.nio.charset.StandardCharsets;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SessionSealTest
{
    private static final AuthSecret SECRET = AuthSecret.of("0123456789abcdef0123", "test");

    private static SessionSeal[] pair(final boolean encrypt)
    {
        final Handshake client = Handshake.client(SECRET, encrypt, 42, "aeron:ipc", 7);
        final Handshake.Accepted accepted = Handshake.serve(SECRET, false, 42, "aeron:ipc", 7, client.clientHalf());
        assertThat(accepted).isNotNull();
        final SessionSeal clientSeal = client.accept(accepted.serverHalf());
        assertThat(clientSeal).isNotNull();
        return new SessionSeal[] {clientSeal, accepted.seal()};
    }

    private static ExpandableArrayBuffer request(final String text, final int[] length)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final EnvelopeEncoder encoder = new EnvelopeEncoderAccess().encoder();
        length[0] = encoder.encodeRequest(1, 42, 3, 4, 0, 1_000_000, "", "", "", new UnsafeBuffer(payload), 0, payload.length);
        final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(length[0] + 64);
        copy.putBytes(0, encoder.buffer(), 0, length[0]);
        return copy;
    }

    @Test
    void aSealedFrameOpensOnceAndItsReplayIsRefused()
    {
        final SessionSeal[] seals = pair(false);
        final int[] length = new int[1];
        final ExpandableArrayBuffer frame = request("hello", length);
        final int sealed = seals[0].seal(frame, length[0]);
        assertThat(seals[1].open(frame, 0, sealed)).isEqualTo(length[0]);
        assertThat(seals[1].open(frame, 0, sealed)).isEqualTo(SessionSeal.REPLAYED);
    }

    @Test
    void anAlteredByteOrAnotherSessionsKeyFailsTheTag()
    {
        final SessionSeal[] seals = pair(false);
        final SessionSeal[] others = pair(false);
        final int[] length = new int[1];
        final ExpandableArrayBuffer frame = request("hello", length);
        final int sealed = seals[0].seal(frame, length[0]);
        assertThat(others[1].open(frame, 0, sealed)).isEqualTo(SessionSeal.BAD_TAG);
        frame.putByte(length[0] - 1, (byte)(frame.getByte(length[0] - 1) ^ 1));
        assertThat(seals[1].open(frame, 0, sealed)).isEqualTo(SessionSeal.BAD_TAG);
    }

    @Test
    void encryptionHidesThePayloadAndRestoresItExactly()
    {
        final SessionSeal[] seals = pair(true);
        assertThat(seals[0].encrypts()).isTrue();
        assertThat(seals[1].encrypts()).isTrue();
        final int[] length = new int[1];
        final ExpandableArrayBuffer frame = request("a distinctive plaintext", length);
        final byte[] plain = new byte[length[0]];
        frame.getBytes(0, plain);
        final int sealed = seals[0].seal(frame, length[0]);
        assertThat(new String(frame.byteArray(), 0, sealed, StandardCharsets.ISO_8859_1)).doesNotContain("distinctive");
        assertThat(seals[1].open(frame, 0, sealed)).isEqualTo(length[0]);
        final byte[] opened = new byte[length[0]];
        SessionSeal.opened().getBytes(0, opened);
        assertThat(opened).isEqualTo(plain);
        assertThat(seals[1].open(frame, 0, sealed)).isEqualTo(SessionSeal.REPLAYED);
    }

    @Test
    void aServerRefusesAConnectProvedWithAnotherSecretOrBoundToAnotherReplyChannel()
    {
        final Handshake client = Handshake.client(AuthSecret.of("another secret of sixteen", "test"), false, 42, "aeron:ipc", 7);
        assertThat(Handshake.serve(SECRET, false, 42, "aeron:ipc", 7, client.clientHalf())).isNull();
        final Handshake good = Handshake.client(SECRET, false, 42, "aeron:ipc", 7);
        assertThat(Handshake.serve(SECRET, false, 42, "aeron:udp?endpoint=10.0.0.1:9", 7, good.clientHalf())).isNull();
        assertThat(Handshake.serve(SECRET, false, 42, "aeron:ipc", 7, new byte[0])).isNull();
    }

    @Test
    void theWindowAcceptsOutOfOrderNumbersOnceAndRefusesOnesTooOld()
    {
        final ReplayWindow window = new ReplayWindow();
        assertThat(window.accept(5)).isTrue();
        assertThat(window.accept(3)).isTrue();
        assertThat(window.accept(3)).isFalse();
        assertThat(window.accept(5 + ReplayWindow.SIZE)).isTrue();
        assertThat(window.accept(4)).isFalse();
        assertThat(window.accept(6)).isTrue();
        assertThat(window.accept(0)).isFalse();
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt()
    {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthSecret.of("short-secret", "the file /x"))
            .hasMessageContaining("the file /x").hasMessageContaining("16").hasMessageNotContaining("short-secret");
        assertThat(SECRET.toString()).doesNotContain("0123");
    }

    /** EnvelopeEncoder has only a per-thread instance; this test uses it. */
    private static final class EnvelopeEncoderAccess
    {
        EnvelopeEncoder encoder()
        {
            return EnvelopeEncoder.current();
        }
    }
}
