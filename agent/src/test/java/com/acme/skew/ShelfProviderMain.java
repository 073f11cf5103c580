package com.acme.skew;

import java.util.concurrent.CountDownLatch;

/** Provider JVM of the version-skew test: constructing the implementation exports and registers it. */
public final class ShelfProviderMain
{
    private ShelfProviderMain()
    {
    }

    /**
     * @param args unused
     * @throws InterruptedException never: runs until killed
     */
    public static void main(final String[] args) throws InterruptedException
    {
        System.out.println("provider constructed " + new ShelfImpl().getClass().getSimpleName() + " pid " +
            ProcessHandle.current().pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
