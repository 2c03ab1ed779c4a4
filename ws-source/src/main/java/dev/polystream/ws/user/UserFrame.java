package dev.polystream.ws.user;

import java.util.List;

/**
 * What one user-channel frame held: its trade and order events in order, one line per element that
 * could not be read (the good ones are kept), and whether it was the heartbeat's {@code PONG}.
 */
public record UserFrame(
        List<UserTrade> trades, List<UserOrder> orders, List<String> errors, boolean pong) {

    public UserFrame {
        trades = List.copyOf(trades);
        orders = List.copyOf(orders);
        errors = List.copyOf(errors);
    }

    static UserFrame pongFrame() {
        return new UserFrame(List.of(), List.of(), List.of(), true);
    }
}
