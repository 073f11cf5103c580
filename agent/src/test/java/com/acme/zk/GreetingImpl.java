package com.acme.zk;

/** Greets with this process's pid, so a caller can tell which process served it. */
public final class GreetingImpl implements Greeting
{
    @Override
    public String greet(final String name)
    {
        return "hello " + name + " from pid " + ProcessHandle.current().pid();
    }
}
