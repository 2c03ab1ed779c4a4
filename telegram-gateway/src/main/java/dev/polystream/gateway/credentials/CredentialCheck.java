package dev.polystream.gateway.credentials;

import dev.polystream.ws.auth.ClobCredentials;
import dev.polystream.ws.user.ClobTradesClient;
import dev.polystream.ws.user.ClobTradesClient.Verdict;

/**
 * Asks Polymarket whether credentials work before they are kept: L2 credentials with a signed
 * {@code GET /data/trades}, a read-only key with the public validate endpoint. In the bot it is
 * {@link ClobTradesClient#check}; tests of the conversation around it may answer themselves.
 */
@FunctionalInterface
public interface CredentialCheck {

    /** Never throws; never logs the credentials. */
    Verdict check(ClobCredentials credentials);
}
