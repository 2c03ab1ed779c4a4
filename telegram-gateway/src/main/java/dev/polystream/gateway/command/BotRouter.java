package dev.polystream.gateway.command;

import dev.polystream.gateway.catalog.MarketCatalog;
import dev.polystream.gateway.domain.DomainException;
import dev.polystream.gateway.notify.Html;
import dev.polystream.gateway.notify.SendQueue;
import dev.polystream.gateway.store.StoreException;
import dev.polystream.gateway.telegram.ButtonPress;
import dev.polystream.gateway.telegram.ChatMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trader's message or button tap into a command or action: the per-user rate limit, the
 * size limit, parsing of the command name, and the one place refusals and failures become replies.
 */
public final class BotRouter {

    private static final Logger LOG = LoggerFactory.getLogger(BotRouter.class);

    /** Longest message the bot reads. */
    public static final int MAX_TEXT = 1000;

    static final String INTERNAL_ERROR = "Something went wrong on our side. Please try again.";
    static final String DATABASE_DOWN =
            "The database is unavailable right now; nothing was changed. Try again in a moment.";

    private final CommandRegistry registry;
    private final RateLimiter limiter;
    private final SendQueue queue;
    private final LongConsumer tap;
    private final MarketsCommand markets;

    /**
     * @param tap called with the chat id on every accepted message or tap (keeps its live card
     *     refreshing)
     */
    public BotRouter(
            CommandRegistry registry,
            RateLimiter limiter,
            SendQueue queue,
            LongConsumer tap,
            MarketsCommand markets) {
        this.registry = registry;
        this.limiter = limiter;
        this.queue = queue;
        this.tap = tap;
        this.markets = markets;
    }

    public void onMessage(ChatMessage message) {
        Chat chat = new Chat(message.chatId(), message.userId(), queue);
        if (message.userId() <= 0) {
            return;
        }
        boolean secret = deleteIfSecret(message, chat);
        switch (limiter.check(message.userId())) {
            case DROP -> {
                return;
            }
            case REFUSE_AND_WARN -> {
                chat.reply(
                        "Slow down: at most "
                                + limiter.perMinute()
                                + " commands a minute. Try again shortly.");
                return;
            }
            case ALLOW -> {}
        }
        String text = message.text();
        if (text == null || text.isBlank()) {
            return;
        }
        if (text.length() > MAX_TEXT) {
            chat.reply("That message is too long (at most " + MAX_TEXT + " characters).");
            return;
        }
        tapQuietly(message.chatId());
        String trimmed = text.strip();
        if (trimmed.startsWith("/")) {
            List<String> words = Arrays.asList(WORDS.split(trimmed));
            String name = commandName(words.get(0));
            Optional<Command> command = find(name);
            if (command.isEmpty()) {
                chat.reply(
                        secret
                                ? "That command could not be read: put a plain space after it."
                                        + " Send /help for the list."
                                : "Unknown command "
                                        + Html.escape(Args.shorten(words.get(0)))
                                        + ". Send /help for the list.");
                return;
            }
            List<String> args = words.subList(1, words.size());
            guard(chat, () -> command.get().run(message, args, chat), "/" + name);
            return;
        }
        Optional<String> link = MarketCatalog.findLink(trimmed);
        if (link.isPresent()) {
            guard(chat, () -> markets.open(link.get(), chat), "link");
            return;
        }
        chat.reply("Send /help to see what I can do, or paste a polymarket.com market link.");
    }

    /**
     * A message with arguments for a command that takes secrets ({@link Command#secretArguments()})
     * is deleted from the chat first, whatever happens next (rate limit, size limit, a refusal);
     * when Telegram refuses, the trader is asked to delete it.
     */
    private boolean deleteIfSecret(ChatMessage message, Chat chat) {
        String text = message.text() == null ? "" : message.text().strip();
        Matcher leading = LEADING_COMMAND.matcher(text);
        if (!leading.lookingAt()
                || text.substring(leading.end()).isBlank()
                || !find(leading.group(1).toLowerCase(Locale.ROOT))
                        .map(Command::secretArguments)
                        .orElse(false)) {
            return false;
        }
        chat.delete(message.messageId())
                .whenComplete(
                        (deleted, failure) -> {
                            if (failure != null) {
                                LOG.info(
                                        "Could not delete a message with credentials in chat {}:"
                                                + " {}",
                                        message.chatId(),
                                        failure.getClass().getSimpleName());
                                chat.reply(CREDENTIALS_NOT_DELETED);
                            }
                        });
        return true;
    }

    /** Words are separated by any white space or Unicode separator (a no-break space included). */
    private static final Pattern WORDS = Pattern.compile("[\\s\\p{Z}]+");

    /**
     * The command a message starts with, whatever follows it (even with no space: a zero-width
     * character must not hide credentials from the deletion).
     */
    private static final Pattern LEADING_COMMAND =
            Pattern.compile("/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?");

    static final String CREDENTIALS_NOT_DELETED =
            "⚠️ I could not delete your message with the credentials. Delete it yourself now"
                    + " (long-press it → Delete), and if this chat is not private, revoke that key"
                    + " on Polymarket.";

    /** The command name of {@code /Name@bot}, lower case, without the slash and the bot. */
    private static String commandName(String word) {
        String name = word.substring(1).toLowerCase(Locale.ROOT);
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(0, at) : name;
    }

    private Optional<Command> find(String name) {
        return name.matches("[a-z0-9_]{1,32}") ? registry.find(name) : Optional.empty();
    }

    public void onButton(ButtonPress press) {
        Chat chat = new Chat(press.chatId(), press.userId(), queue);
        if (press.userId() <= 0) {
            return;
        }
        switch (limiter.check(press.userId())) {
            case DROP, REFUSE_AND_WARN -> {
                queue.answerCallback(press.chatId(), press.callbackId(), "Slow down, please.");
                return;
            }
            case ALLOW -> {}
        }
        String data = press.data();
        Optional<Map.Entry<ButtonAction, Matcher>> action =
                data == null || data.length() > 64 ? Optional.empty() : registry.action(data);
        if (action.isEmpty()) {
            LOG.info("Refused unknown button data from user={}", press.userId());
            queue.answerCallback(
                    press.chatId(), press.callbackId(), "This button is no longer valid.");
            return;
        }
        tapQuietly(press.chatId());
        String answer;
        try {
            answer = action.get().getKey().press(press, action.get().getValue(), chat);
        } catch (DomainException e) {
            answer = e.getMessage();
            chat.reply(Html.escape(e.getMessage()));
        } catch (StoreException e) {
            LOG.warn("Database failure on a button: {}", e.getMessage());
            answer = DATABASE_DOWN;
        } catch (RuntimeException e) {
            LOG.error("Button action failed", e);
            answer = INTERNAL_ERROR;
        }
        queue.answerCallback(press.chatId(), press.callbackId(), answer);
    }

    private void guard(Chat chat, Runnable work, String what) {
        try {
            work.run();
        } catch (DomainException e) {
            chat.reply("⚠️ " + Html.escape(e.getMessage()));
        } catch (StoreException e) {
            LOG.warn("Database failure in {}: {}", what, e.getMessage());
            chat.reply(DATABASE_DOWN);
        } catch (RuntimeException e) {
            LOG.error("{} failed", what, e);
            chat.reply(INTERNAL_ERROR);
        }
    }

    private void tapQuietly(long chatId) {
        try {
            tap.accept(chatId);
        } catch (RuntimeException e) {
            LOG.debug("Could not record a tap: {}", e.toString());
        }
    }
}
