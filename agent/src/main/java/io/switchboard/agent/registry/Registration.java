package io.switchboard.agent.registry;

/**
 * Handle on one provider entry published with {@link ServiceRegistry#register(ProviderRecord)}. The
 * backend keeps the entry fresh by itself until {@link #close()} is called or the process exits.
 */
public interface Registration extends AutoCloseable
{
    /** @return the record as published */
    ProviderRecord record();

    /**
     * Removes the entry from the registry so consumers stop routing to it. Idempotent; never throws.
     */
    @Override
    void close();
}
