package com.acme.e2e;

public enum Color
{
    RED, GREEN, BLUE
}
