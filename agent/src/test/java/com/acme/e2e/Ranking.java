package com.acme.e2e;

import io.switchboard.api.Remote;

import java.util.List;

/** A service with a generic method whose type variable has a recursive bound. */
@Remote
public interface Ranking
{
    long pid();

    <T extends Comparable<T>> T max(List<T> values);
}
