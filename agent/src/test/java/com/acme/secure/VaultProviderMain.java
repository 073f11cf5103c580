package com.acme.secure;

import java.util.concurrent.CountDownLatch;

/** Constructs a vault, which the agent exports, and serves until killed. */
public final class VaultProviderMain
{
    private VaultProviderMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        new VaultImpl();
        System.out.println("provider: ready pid=" + ProcessHandle.current().pid());
        new CountDownLatch(1).await();
    }
}
