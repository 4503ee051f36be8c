package dev.tiergate.originsim;

import java.util.Locale;

/** The ways origin-sim can be told to misbehave. */
enum Fault {
    /** Behave normally. */
    NONE,
    /** Answer with an error status (global mode only; /sim/respond uses its status parameter). */
    STATUS,
    /** Send the headers and part of the body, then drop the connection. */
    RESET,
    /** Accept the request and never answer, keeping the connection open. */
    HANG,
    /** Drop the connection without sending anything. */
    CLOSE;

    static Fault parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    "fault must be one of none, status, reset, hang, close; got '" + value + "'");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
