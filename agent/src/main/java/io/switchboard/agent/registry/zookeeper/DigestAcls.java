package io.switchboard.agent.registry.zookeeper;

import io.switchboard.agent.config.ConfigKeys;
import io.switchboard.agent.registry.RegistryCredential;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ACLs of a registry's nodes. Without a credential nodes are open ({@code world:anyone} all rights), as
 * ZooKeeper makes them by default. With one they grant all rights to the credential's digest identity and
 * read to everyone: registering (create and delete under the service path) needs the credential, reading
 * the provider list does not, so consumers and the {@code services} tool need no secret.
 */
final class DigestAcls
{
    /** The settings that carry the credential, for messages. */
    static final String SETTINGS = ConfigKeys.REGISTRY_AUTH.envName() + " or " +
        ConfigKeys.REGISTRY_AUTH_FILE.propertyName();

    private static final Id ANYONE = ZooDefs.Ids.ANYONE_ID_UNSAFE;

    private final Id digestId; // null without a credential
    private final String user;
    private final List<ACL> nodeAcl;

    private DigestAcls(final Id digestId, final String user, final List<ACL> nodeAcl)
    {
        this.digestId = digestId;
        this.user = user;
        this.nodeAcl = nodeAcl;
    }

    /**
     * @param credential the credential, or null
     * @return the ACLs for it
     */
    static DigestAcls of(final RegistryCredential credential)
    {
        if (credential == null)
        {
            return new DigestAcls(null, null, ZooDefs.Ids.OPEN_ACL_UNSAFE);
        }
        final String digest;
        try
        {
            digest = DigestAuthenticationProvider.generateDigest(credential.userPassword());
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-1, which ZooKeeper's digest ACLs need", ex);
        }
        final Id id = new Id("digest", digest);
        // ZooKeeper's validateACL calls contains(null): an immutable List.of would throw there.
        return new DigestAcls(id, credential.user(), Collections.unmodifiableList(new ArrayList<>(List.of(
            new ACL(ZooDefs.Perms.ALL, id), new ACL(ZooDefs.Perms.READ, ANYONE)))));
    }

    /**
     * Makes the client authenticate with the credential and create every node with {@link #forNodes()}.
     *
     * @param builder    the client being built
     * @param credential the credential, or null for none
     */
    void configure(final CuratorFrameworkFactory.Builder builder, final RegistryCredential credential)
    {
        if (credential == null)
        {
            return;
        }
        builder.authorization("digest", credential.digestAuth()).aclProvider(new ACLProvider()
        {
            @Override
            public List<ACL> getDefaultAcl()
            {
                return nodeAcl;
            }

            @Override
            public List<ACL> getAclForPath(final String path)
            {
                return nodeAcl;
            }
        });
    }

    /** @return whether this registry has a credential */
    boolean hasCredential()
    {
        return digestId != null;
    }

    /** @return the ACL of every node this registry creates */
    List<ACL> forNodes()
    {
        return nodeAcl;
    }

    /**
     * Decided from the ACL alone. An entry for a scheme this class cannot evaluate (ip, sasl, x509) counts
     * as granting, so the check never reports a refusal that ZooKeeper would not make.
     *
     * @param acl a node's ACL
     * @return whether this registry may create children of that node
     */
    boolean grantsCreate(final List<ACL> acl)
    {
        for (final ACL entry : acl)
        {
            if ((entry.getPerms() & ZooDefs.Perms.CREATE) == 0)
            {
                continue;
            }
            final Id id = entry.getId();
            if (!"digest".equals(id.getScheme()) || id.equals(digestId))
            {
                return true;
            }
        }
        return false;
    }

    /** @return who this registry is to ZooKeeper, for messages (never the password) */
    String describeIdentity()
    {
        return digestId == null ? "no credential" : "the credential of user " + user + ", which is not among them";
    }

    /**
     * @param acl a node's ACL
     * @return who may create children there, for messages: digest users by name, never their hashes
     */
    static String describeCreators(final List<ACL> acl)
    {
        final List<String> creators = new ArrayList<>();
        for (final ACL entry : acl)
        {
            if ((entry.getPerms() & ZooDefs.Perms.CREATE) != 0)
            {
                final Id id = entry.getId();
                final String idText = id.getId();
                creators.add("digest".equals(id.getScheme()) && idText.indexOf(':') > 0 ?
                    "holders of the digest credential of user " + idText.substring(0, idText.indexOf(':')) :
                    id.getScheme() + ":" + idText);
            }
        }
        return creators.isEmpty() ? "no one" : String.join(", ", creators);
    }
}
