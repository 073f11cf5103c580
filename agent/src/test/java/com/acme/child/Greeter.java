package com.acme.child;

import io.switchboard.api.Remote;

/**
 * Loaded by a throw-away child class loader in tests.
 */
@Remote
public interface Greeter
{
    String greet(String name);
}
