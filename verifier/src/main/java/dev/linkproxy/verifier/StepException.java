package dev.linkproxy.verifier;

import java.io.IOException;

/** A network step failed; the message is a clause a summary can quote as it is. */
class StepException extends IOException {

    private static final long serialVersionUID = 1L;

    StepException(String message) {
        super(message);
    }

    StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
