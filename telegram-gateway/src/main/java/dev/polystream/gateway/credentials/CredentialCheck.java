package dev.polystream.gateway.credentials;

import dev.polystream.ws.auth.ClobCredentials;

/**
 * Asks Polymarket whether credentials work before they are kept: L2 credentials with a signed
 * {@code GET /data/trades?limit=1}, a read-only key with the public validate endpoint. The
 * integrator implements it with the CLOB trades client; until then the bot's answer is {@link
 * Verdict#UNAVAILABLE}.
 */
@FunctionalInterface
public interface CredentialCheck {

    /** What Polymarket said. */
    enum Verdict {
        /** Polymarket accepted them. */
        VALID,
        /** Polymarket refused them (401/403, an invalid key). */
        REJECTED,
        /** No answer (network, 5xx, timeout): nothing can be said. */
        UNAVAILABLE
    }

    /** Never throws; never logs the credentials. */
    Verdict check(ClobCredentials credentials);

    /** The stand-in until a real check is injected: Polymarket cannot be asked. */
    CredentialCheck UNAVAILABLE = credentials -> Verdict.UNAVAILABLE;
}
