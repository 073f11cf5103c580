package com.acme.zk;

import io.switchboard.api.Remote;

/** A service for the ZooKeeper end-to-end test. */
@Remote
public interface Greeting
{
    /**
     * @param name who to greet
     * @return a greeting naming the process that produced it
     */
    String greet(String name);
}
