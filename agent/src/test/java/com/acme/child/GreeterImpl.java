package com.acme.child;

public class GreeterImpl implements Greeter
{
    public String greet(final String name)
    {
        return "local hello " + name;
    }
}
