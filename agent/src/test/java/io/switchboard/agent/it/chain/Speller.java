package io.switchboard.agent.it.chain;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

import java.util.concurrent.CompletableFuture;

/** The last service of the traced chain, served by provider B. */
@Remote(name = "chain.Speller")
public interface Speller
{
    /**
     * @param word a word.
     * @return it in capitals.
     */
    String spell(String word);

    /**
     * @param word anything.
     * @return never.
     * @throws IllegalStateException always, so the trace shows an error on both sides.
     */
    String explode(String word);

    /**
     * @param word a word.
     * @return it in capitals, unless this provider runs with {@code -Dchain.crash=true}: then the
     * process dies in the middle of the call, as under {@code kill -9}.
     */
    @Idempotent
    String spellOrCrash(String word);

    /**
     * @param word a word.
     * @return a future of it in capitals; a provider run with {@code -Dchain.crash=true} dies instead.
     */
    @Idempotent
    CompletableFuture<String> spellLaterOrCrash(String word);
}
