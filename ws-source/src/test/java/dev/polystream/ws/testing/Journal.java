package dev.polystream.ws.testing;

import dev.polystream.ws.testing.FakePolymarketServer.ClientFrame;
import dev.polystream.ws.testing.FakePolymarketServer.RestRequest;
import dev.polystream.ws.testing.FakePolymarketServer.SubscriptionRecord;
import dev.polystream.ws.testing.FakePolymarketServer.Top;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened on the fake server, for tests to assert on: subscription changes, client frames,
 * REST requests, every top of book and the matching bursts. Event loop only; readers get copies.
 */
final class Journal {

    private final List<SubscriptionRecord> subscriptions = new ArrayList<>();
    private final List<ClientFrame> clientFrames = new ArrayList<>();
    private final List<RestRequest> restRequests = new ArrayList<>();
    private final Map<String, List<Top>> topHistory = new HashMap<>();
    private final List<Long> burstTimes = new ArrayList<>();

    void subscription(int connectionId, String operation, List<String> tokens) {
        subscriptions.add(
                new SubscriptionRecord(
                        connectionId, operation, tokens, System.currentTimeMillis()));
    }

    void clientFrame(int connectionId, String text) {
        clientFrames.add(new ClientFrame(connectionId, text, System.currentTimeMillis()));
    }

    void restRequest(RestRequest request) {
        restRequests.add(request);
    }

    /** Records the book's top as of exchange time {@code ts}. */
    void top(FakeBook book, long ts) {
        List<Top> history = topHistory.computeIfAbsent(book.token, t -> new ArrayList<>());
        history.add(new Top(book.bestBid(), book.bestAsk(), ts));
    }

    void burst(long ts) {
        burstTimes.add(ts);
    }

    List<SubscriptionRecord> subscriptions() {
        return List.copyOf(subscriptions);
    }

    List<ClientFrame> clientFrames() {
        return List.copyOf(clientFrames);
    }

    List<String> clientFrames(int connectionId) {
        return clientFrames.stream()
                .filter(f -> f.connectionId() == connectionId)
                .map(ClientFrame::text)
                .toList();
    }

    List<RestRequest> restRequests() {
        return List.copyOf(restRequests);
    }

    List<Top> topHistory(String token) {
        return List.copyOf(topHistory.getOrDefault(token, List.of()));
    }

    /** The top as of exchange time {@code atMs}: after the last change stamped at or before it. */
    Top topAt(String token, long atMs) {
        List<Top> history = topHistory(token);
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).atMs() <= atMs) {
                return history.get(i);
            }
        }
        return null;
    }

    List<Long> burstTimes() {
        return List.copyOf(burstTimes);
    }
}
