package io.switchboard.transport.aeron.auth;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Seals and opens the frames of one authenticated session. A sealed frame is the encoded message
 * followed by a trailer: a 16-byte tag, then the sender's 8-byte sequence number.
 * <ul>
 * <li>Authenticated: tag = HMAC-SHA256(direction's MAC key, message | sequence), truncated to 16 bytes.</li>
 * <li>Encrypted: everything after the message's fixed block (trace context and payload) is AES-GCM
 * ciphertext under the direction's AES key, nonce = sequence; the header, fixed block and sequence are
 * authenticated as associated data; tag = the GCM tag.</li>
 * </ul>
 * The receiver checks the tag, then that the sequence was not seen before ({@link ReplayWindow}), so
 * a forged, altered or replayed frame is refused before anything reads past its fixed block.
 * <p>
 * {@link #seal} may be called from any thread (MAC and cipher instances are per thread); {@link #open}
 * from one receiving thread at a time. Hot path: sealing and authenticated opening allocate nothing
 * once per-thread state exists (AES-GCM allocates inside the JDK).
 */
public final class SessionSeal
{
    /** Bytes a sealed frame adds to the message. */
    public static final int TRAILER_LENGTH = 24;
    /** {@link #open} result: the frame is too short to hold a message and a trailer. */
    public static final int TRUNCATED = -1;
    /** {@link #open} result: the tag does not match (forged, altered, or another session's key). */
    public static final int BAD_TAG = -2;
    /** {@link #open} result: the tag matches but the sequence number was already seen. */
    public static final int REPLAYED = -3;
    private static final int TAG_LENGTH = 16;
    private static final int SBE_HEADER_LENGTH = 8;
    private static final ThreadLocal<ExpandableArrayBuffer> SCRATCH =
        ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(4096));

    private final boolean encrypt;
    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final ThreadLocal<Mac> sendMac;
    private final ThreadLocal<Mac> receiveMac;
    private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(SessionSeal::newCipher);
    private final ThreadLocal<byte[]> digest = ThreadLocal.withInitial(() -> new byte[32]);
    private final AtomicLong sendSequence = new AtomicLong();
    private final ReplayWindow window = new ReplayWindow();

    private SessionSeal(final byte[] prk, final String sendLabel, final String receiveLabel, final boolean encrypt)
    {
        this.encrypt = encrypt;
        final String algorithm = encrypt ? "AES" : AuthSecret.HMAC;
        final String kind = encrypt ? " aes" : " mac";
        this.sendKey = new SecretKeySpec(expand(prk, sendLabel + kind), algorithm);
        this.receiveKey = new SecretKeySpec(expand(prk, receiveLabel + kind), algorithm);
        this.sendMac = ThreadLocal.withInitial(() -> macFor(sendKey));
        this.receiveMac = ThreadLocal.withInitial(() -> macFor(receiveKey));
    }

    static SessionSeal client(final AuthSecret secret, final byte[] clientNonce, final byte[] serverNonce, final boolean encrypt)
    {
        return new SessionSeal(extract(secret, clientNonce, serverNonce), "client to server", "server to client", encrypt);
    }

    static SessionSeal server(final AuthSecret secret, final byte[] clientNonce, final byte[] serverNonce, final boolean encrypt)
    {
        return new SessionSeal(extract(secret, clientNonce, serverNonce), "server to client", "client to server", encrypt);
    }

    /** @return true when payloads of this session are encrypted. */
    public boolean encrypts()
    {
        return encrypt;
    }

    /**
     * Seals an encoded message in place: appends the trailer and, when encrypting, encrypts after the fixed block.
     *
     * @param buffer an array-backed buffer holding the message at offset 0, with room to grow (an
     *               {@link ExpandableArrayBuffer}).
     * @param length the message's length.
     * @return the sealed frame's length ({@code length + TRAILER_LENGTH}).
     */
    public int seal(final MutableDirectBuffer buffer, final int length)
    {
        buffer.checkLimit(length + TRAILER_LENGTH);
        final byte[] array = buffer.byteArray();
        final long sequence = sendSequence.incrementAndGet();
        buffer.putLong(length + TAG_LENGTH, sequence, ByteOrder.LITTLE_ENDIAN);
        if (encrypt)
        {
            final int bodyStart = SBE_HEADER_LENGTH + (buffer.getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            try
            {
                final Cipher c = init(Cipher.ENCRYPT_MODE, sendKey, sequence);
                c.updateAAD(array, 0, bodyStart);
                c.updateAAD(array, length + TAG_LENGTH, 8);
                c.doFinal(array, bodyStart, length - bodyStart, array, bodyStart);
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("AES-GCM failed while sealing a frame: " + ex, ex);
            }
        }
        else
        {
            final Mac mac = sendMac.get();
            mac.update(array, 0, length);
            mac.update(array, length + TAG_LENGTH, 8);
            final byte[] out = digest.get();
            doFinal(mac, out);
            buffer.putBytes(length, out, 0, TAG_LENGTH);
        }
        return length + TRAILER_LENGTH;
    }

    /**
     * Checks a received frame and copies its message, decrypted, into this thread's {@link #opened()} buffer.
     *
     * @param buffer frame buffer (not modified).
     * @param offset frame start.
     * @param length frame length.
     * @return the message's length in {@link #opened()} (from offset 0), or {@link #TRUNCATED},
     * {@link #BAD_TAG} or {@link #REPLAYED}.
     */
    public int open(final DirectBuffer buffer, final int offset, final int length)
    {
        final int messageLength = length - TRAILER_LENGTH;
        if (messageLength < SBE_HEADER_LENGTH)
        {
            return TRUNCATED;
        }
        final ExpandableArrayBuffer scratch = SCRATCH.get();
        scratch.checkLimit(length);
        buffer.getBytes(offset, scratch, 0, length);
        final byte[] array = scratch.byteArray();
        final long sequence = scratch.getLong(messageLength + TAG_LENGTH, ByteOrder.LITTLE_ENDIAN);
        if (encrypt)
        {
            final int bodyStart = SBE_HEADER_LENGTH + (scratch.getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            if (bodyStart > messageLength)
            {
                return TRUNCATED;
            }
            try
            {
                final Cipher c = init(Cipher.DECRYPT_MODE, receiveKey, sequence);
                c.updateAAD(array, 0, bodyStart);
                c.updateAAD(array, messageLength + TAG_LENGTH, 8);
                c.doFinal(array, bodyStart, messageLength + TAG_LENGTH - bodyStart, array, bodyStart);
            }
            catch (final AEADBadTagException ex)
            {
                return BAD_TAG;
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("AES-GCM failed while opening a frame: " + ex, ex);
            }
        }
        else
        {
            final Mac mac = receiveMac.get();
            mac.update(array, 0, messageLength);
            mac.update(array, messageLength + TAG_LENGTH, 8);
            final byte[] expected = digest.get();
            doFinal(mac, expected);
            int diff = 0;
            for (int i = 0; i < TAG_LENGTH; i++)
            {
                diff |= expected[i] ^ array[messageLength + i]; // constant time
            }
            if (diff != 0)
            {
                return BAD_TAG;
            }
        }
        return window.accept(sequence) ? messageLength : REPLAYED;
    }

    /**
     * @return this thread's buffer holding the message of its last successful {@link #open}, from offset 0.
     */
    public static DirectBuffer opened()
    {
        return SCRATCH.get();
    }

    /**
     * @param result a negative result of {@link #open}.
     * @return what it means, for counters and logs.
     */
    public static String describe(final int result)
    {
        return switch (result)
        {
            case TRUNCATED -> "frame too short for its authentication trailer";
            case BAD_TAG -> "authentication tag does not match (forged or altered frame, or a different secret)";
            case REPLAYED -> "sequence number already seen (replayed frame)";
            default -> "unknown result " + result;
        };
    }

    private Cipher init(final int mode, final SecretKeySpec key, final long sequence) throws GeneralSecurityException
    {
        final byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++)
        {
            iv[4 + i] = (byte)(sequence >>> (8 * i));
        }
        final Cipher c = cipher.get();
        c.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
        return c;
    }

    private static void doFinal(final Mac mac, final byte[] out)
    {
        try
        {
            mac.doFinal(out, 0);
        }
        catch (final javax.crypto.ShortBufferException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] extract(final AuthSecret secret, final byte[] clientNonce, final byte[] serverNonce)
    {
        final byte[] salt = new byte[clientNonce.length + serverNonce.length];
        System.arraycopy(clientNonce, 0, salt, 0, clientNonce.length);
        System.arraycopy(serverNonce, 0, salt, clientNonce.length, serverNonce.length);
        return AuthSecret.mac(salt).doFinal(secret.sessionMaster()); // HKDF-Extract
    }

    private static byte[] expand(final byte[] prk, final String label)
    {
        final Mac mac = AuthSecret.mac(prk); // HKDF-Expand, one block of 32 bytes
        mac.update(label.getBytes(StandardCharsets.UTF_8));
        mac.update((byte)1);
        return mac.doFinal();
    }

    private static Mac macFor(final SecretKeySpec key)
    {
        return AuthSecret.mac(key.getEncoded());
    }

    private static Cipher newCipher()
    {
        try
        {
            return Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM lacks AES/GCM/NoPadding, which every Java SE runtime provides", ex);
        }
    }
}
