package com.acme.e2e;

/** An unannotated generic super-interface: implementing it with concrete types makes javac emit a bridge method. */
public interface Repository<K, V>
{
    V find(K key);
}
