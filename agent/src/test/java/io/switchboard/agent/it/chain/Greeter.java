package io.switchboard.agent.it.chain;

import io.switchboard.api.Remote;

/** The middle service of the traced chain: served by provider A, which calls {@link Speller} on provider B. */
@Remote(name = "chain.Greeter")
public interface Greeter
{
    /**
     * @param name who to greet.
     * @return a greeting spelled by the speller.
     */
    String greet(String name);

    /**
     * @param name anything.
     * @return never: the speller throws.
     */
    String greetBadly(String name);

    /**
     * @return the caller's baggage entry {@code tenant} as this method sees it through the application's
     * OpenTelemetry API ({@code Baggage.current()}), or "none".
     */
    String tenant();
}
