package io.switchboard.transport.aeron.auth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;

/**
 * The shared-secret handshake of one session: mutual, fresh on both sides, and the source of the
 * session's keys.
 * <pre>
 * Connect   (client → server): flags, client nonce, proof_c = HMAC(K, "connect" | clientId | reply channel | flags | Nc)
 * Connected (server → client): flags, server nonce, proof_s = HMAC(K, "connected" | clientId | client half | flags | Ns)
 * session keys = HKDF-SHA256(K, salt = Nc | Ns), one MAC key and one AES key per direction
 * </pre>
 * K is derived from the shared secret ({@link AuthSecret}). A server answers only a Connect whose proof
 * checks; a client uses a session only once the server's proof checks, so a process without the
 * secret can neither call nor pose as a provider. A replayed Connect or Connected fails: the other
 * side's nonce is new. Each half is {@link #LENGTH} bytes: flags (bit 0: encrypt payloads), nonce, proof.
 */
public final class Handshake
{
    /** Length of each side's half. */
    public static final int LENGTH = 1 + 16 + 32;
    /** Flag: encrypt payloads (asked by the client, decided by the server). */
    public static final int ENCRYPT = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthSecret secret;
    private final long clientId;
    private final byte[] clientHalf;

    private Handshake(final AuthSecret secret, final long clientId, final byte[] clientHalf)
    {
        this.secret = secret;
        this.clientId = clientId;
        this.clientHalf = clientHalf;
    }

    /**
     * Starts a client's handshake.
     *
     * @param secret        the shared secret.
     * @param encrypt       true to ask for encrypted payloads.
     * @param clientId      the session's client id.
     * @param replyChannel  the reply channel named in Connect (bound into the proof).
     * @param replyStreamId the reply stream id named in Connect.
     * @return the handshake; send {@link #clientHalf()} in Connect.
     */
    public static Handshake client(
        final AuthSecret secret, final boolean encrypt, final long clientId, final String replyChannel,
        final int replyStreamId)
    {
        final byte[] half = new byte[LENGTH];
        half[0] = (byte)(encrypt ? ENCRYPT : 0);
        fillNonce(half);
        final byte[] proof = clientProof(secret, clientId, replyChannel, replyStreamId, half);
        System.arraycopy(proof, 0, half, 17, 32);
        return new Handshake(secret, clientId, half);
    }

    /** @return the client's half, for Connect. */
    public byte[] clientHalf()
    {
        return clientHalf;
    }

    /**
     * Checks the server's half from Connected.
     *
     * @param serverHalf the bytes of Connected's auth field (any length).
     * @return the client's seal of the session, or null when the server did not prove the secret.
     */
    public SessionSeal accept(final byte[] serverHalf)
    {
        if (serverHalf.length != LENGTH ||
            !MessageDigest.isEqual(serverProof(secret, clientId, clientHalf, serverHalf), proof(serverHalf)))
        {
            return null;
        }
        return SessionSeal.client(secret, nonce(clientHalf), nonce(serverHalf), (serverHalf[0] & ENCRYPT) != 0);
    }

    /**
     * A server's side: checks a Connect's half and, when it proves the secret, answers it.
     *
     * @param secret        the shared secret.
     * @param encrypt       true when this server requires encrypted payloads (it also encrypts when the client asks).
     * @param clientId      Connect's client id.
     * @param replyChannel  Connect's reply channel.
     * @param replyStreamId Connect's reply stream id.
     * @param clientHalf    Connect's auth bytes (any length).
     * @return the accepted session, or null when the proof is missing or wrong.
     */
    public static Accepted serve(
        final AuthSecret secret, final boolean encrypt, final long clientId, final String replyChannel,
        final int replyStreamId, final byte[] clientHalf)
    {
        if (clientHalf.length != LENGTH ||
            !MessageDigest.isEqual(clientProof(secret, clientId, replyChannel, replyStreamId, clientHalf), proof(clientHalf)))
        {
            return null;
        }
        final boolean encrypted = encrypt || (clientHalf[0] & ENCRYPT) != 0;
        final byte[] half = new byte[LENGTH];
        half[0] = (byte)(encrypted ? ENCRYPT : 0);
        fillNonce(half);
        System.arraycopy(serverProof(secret, clientId, clientHalf, half), 0, half, 17, 32);
        return new Accepted(half, SessionSeal.server(secret, nonce(clientHalf), nonce(half), encrypted));
    }

    /**
     * A Connect the server accepted.
     *
     * @param serverHalf bytes for Connected's auth field.
     * @param seal       the server's seal of the session.
     */
    public record Accepted(byte[] serverHalf, SessionSeal seal)
    {
    }

    private static byte[] clientProof(
        final AuthSecret secret, final long clientId, final String replyChannel, final int replyStreamId, final byte[] half)
    {
        final Mac mac = AuthSecret.mac(secret.sessionMaster());
        mac.update("switchboard connect".getBytes(StandardCharsets.UTF_8));
        mac.update(longBytes(clientId));
        mac.update(longBytes(replyStreamId));
        mac.update(replyChannel.getBytes(StandardCharsets.UTF_8));
        mac.update(half, 0, 17);
        return mac.doFinal();
    }

    private static byte[] serverProof(
        final AuthSecret secret, final long clientId, final byte[] clientHalf, final byte[] serverHalf)
    {
        final Mac mac = AuthSecret.mac(secret.sessionMaster());
        mac.update("switchboard connected".getBytes(StandardCharsets.UTF_8));
        mac.update(longBytes(clientId));
        mac.update(clientHalf);
        mac.update(serverHalf, 0, 17);
        return mac.doFinal();
    }

    private static byte[] longBytes(final long value)
    {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static void fillNonce(final byte[] half)
    {
        final byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, half, 1, 16);
    }

    private static byte[] nonce(final byte[] half)
    {
        final byte[] nonce = new byte[16];
        System.arraycopy(half, 1, nonce, 0, 16);
        return nonce;
    }

    private static byte[] proof(final byte[] half)
    {
        final byte[] proof = new byte[32];
        System.arraycopy(half, 17, proof, 0, 32);
        return proof;
    }
}
