package com.acme.secure;

import io.switchboard.api.Switchboard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Stores each argument once through {@code Switchboard.lookup(Vault.class)}, printing
 * {@code result <text>=<answer>} or {@code result <text>=error <exception>}, then {@code result done},
 * and exits when stdin closes or says {@code exit} (so a test can act while its session is open).
 */
public final class VaultConsumerMain
{
    private VaultConsumerMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Vault vault = Switchboard.lookup(Vault.class);
        for (final String text : args)
        {
            try
            {
                System.out.println("result " + text + "=" + vault.store(text));
            }
            catch (final RuntimeException ex)
            {
                System.out.println("result " + text + "=error " + ex.getClass().getName() + ": " + ex.getMessage());
            }
        }
        System.out.println("result done");
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while (null != (line = in.readLine()) && !"exit".equals(line.trim()))
        {
            // wait
        }
    }
}
