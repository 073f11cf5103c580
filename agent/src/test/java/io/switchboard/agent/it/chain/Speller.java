package io.switchboard.agent.it.chain;

import io.switchboard.api.Remote;

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
}
