package org.nnspec.eval;

/**
 * The value of a name whose definition failed. Using it stops the statement silently: its
 * cause was already reported, and a second message about the same mistake would only be noise.
 */
record Poisoned(String name) implements Value {
    @Override public String typeName() { return "error"; }

    /** Thrown when a poisoned value is used; caught per statement, never reported. */
    static final class Used extends RuntimeException {
        Used() { super(null, null, false, false); }
    }
}
