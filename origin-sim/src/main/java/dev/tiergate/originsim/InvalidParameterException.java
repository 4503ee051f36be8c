package dev.tiergate.originsim;

/** A query parameter origin-sim cannot act on; reported to the caller as a 400. */
final class InvalidParameterException extends RuntimeException {

    InvalidParameterException(String message) {
        super(message);
    }
}
