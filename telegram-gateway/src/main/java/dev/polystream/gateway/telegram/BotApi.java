package dev.polystream.gateway.telegram;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The one class that talks to the Telegram Bot API (through telegrambots' OkHttp client). Every
 * other class uses plain values ({@link Keyboard}, ids, HTML text); tests point {@code apiUrl} at a
 * fake Bot API server. Calls are synchronous; failures are {@link BotApiException}s classified for
 * retrying. The bot token is never logged nor put in an exception message.
 */
public final class BotApi implements AutoCloseable {

    private final OkHttpClient http;
    private final OkHttpTelegramClient client;
    private final String token;

    public BotApi(URI apiUrl, String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("No bot token given");
        }
        this.token = token;
        this.http =
                new OkHttpClient.Builder()
                        .connectTimeout(10, TimeUnit.SECONDS)
                        .readTimeout(30, TimeUnit.SECONDS)
                        .writeTimeout(30, TimeUnit.SECONDS)
                        .build();
        this.client = new OkHttpTelegramClient(http, token, telegramUrl(apiUrl));
    }

    /** telegrambots' form of a base URL such as {@code http://127.0.0.1:8081}. */
    public static TelegramUrl telegramUrl(URI apiUrl) {
        int port = apiUrl.getPort();
        if (port < 0) {
            port = "https".equals(apiUrl.getScheme()) ? 443 : 80;
        }
        return new TelegramUrl(apiUrl.getScheme(), apiUrl.getHost(), port, false);
    }

    /** The bot's username. */
    public String getMe() throws BotApiException {
        try {
            return client.execute(GetMe.builder().build()).getUserName();
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    /** Sends an HTML message; returns its message id. */
    public long sendMessage(long chatId, String html, Keyboard keyboard) throws BotApiException {
        SendMessage send =
                SendMessage.builder()
                        .chatId(chatId)
                        .text(html)
                        .parseMode(ParseMode.HTML)
                        .disableWebPagePreview(true)
                        .replyMarkup(markup(keyboard))
                        .build();
        try {
            return client.execute(send).getMessageId();
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    /** Replaces a message's text and buttons; "not modified" comes back as that kind. */
    public void editMessage(long chatId, long messageId, String html, Keyboard keyboard)
            throws BotApiException {
        EditMessageText edit =
                EditMessageText.builder()
                        .chatId(chatId)
                        .messageId(Math.toIntExact(messageId))
                        .text(html)
                        .parseMode(ParseMode.HTML)
                        .disableWebPagePreview(true)
                        .replyMarkup(markup(keyboard))
                        .build();
        try {
            client.execute(edit);
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    public void answerCallback(String callbackId, String text) throws BotApiException {
        AnswerCallbackQuery answer =
                AnswerCallbackQuery.builder().callbackQueryId(callbackId).text(text).build();
        try {
            client.execute(answer);
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    /**
     * Deletes a message (Bot API {@code deleteMessage}): a bot may delete any message in a private
     * chat that is under 48 hours old.
     */
    public void deleteMessage(long chatId, long messageId) throws BotApiException {
        DeleteMessage delete =
                DeleteMessage.builder()
                        .chatId(chatId)
                        .messageId(Math.toIntExact(messageId))
                        .build();
        try {
            client.execute(delete);
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    /** Sends a PNG (multipart upload) with an HTML caption; returns the message id. */
    public long sendPhoto(long chatId, byte[] png, String fileName, String captionHtml)
            throws BotApiException {
        SendPhoto send =
                SendPhoto.builder()
                        .chatId(chatId)
                        .photo(new InputFile(new ByteArrayInputStream(png), fileName))
                        .caption(captionHtml)
                        .parseMode(ParseMode.HTML)
                        .build();
        try {
            Message sent = client.execute(send);
            return sent.getMessageId();
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    /** Sets the command menu: (command without '/', description) pairs. */
    public void setCommands(List<String[]> commands) throws BotApiException {
        List<BotCommand> list = new ArrayList<>();
        for (String[] c : commands) {
            list.add(new BotCommand(c[0], c[1]));
        }
        try {
            client.execute(SetMyCommands.builder().commands(list).build());
        } catch (TelegramApiException e) {
            throw classify(e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static InlineKeyboardMarkup markup(Keyboard keyboard) {
        if (keyboard == null || keyboard.isEmpty()) {
            return null;
        }
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (List<Keyboard.Button> row : keyboard.rows()) {
            InlineKeyboardRow r = new InlineKeyboardRow();
            for (Keyboard.Button b : row) {
                r.add(InlineKeyboardButton.builder().text(b.text()).callbackData(b.data()).build());
            }
            rows.add(r);
        }
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    private BotApiException classify(TelegramApiException e) {
        String message = redact(e.getMessage());
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null) {
            int code = r.getErrorCode();
            String description = r.getApiResponse() == null ? "" : r.getApiResponse();
            if (code == 429) {
                Integer after =
                        r.getParameters() == null ? null : r.getParameters().getRetryAfter();
                return new BotApiException(
                        BotApiException.Kind.RATE_LIMITED,
                        code,
                        after == null || after < 0 ? 1 : after,
                        message);
            }
            if (code == 400
                    && description.toLowerCase(Locale.ROOT).contains("message is not modified")) {
                return new BotApiException(BotApiException.Kind.NOT_MODIFIED, code, 0, message);
            }
            if (code >= 500) {
                return new BotApiException(BotApiException.Kind.TRANSIENT, code, 0, message);
            }
            if (code >= 400) {
                return new BotApiException(BotApiException.Kind.PERMANENT, code, 0, message);
            }
        }
        // No Bot API answer: network failure, timeout, or a body that is not the API's JSON
        // (a proxy's 502 page).
        Throwable cause = e.getCause();
        return new BotApiException(
                BotApiException.Kind.TRANSIENT,
                0,
                0,
                message + (cause == null ? "" : " (" + redact(cause.toString()) + ")"));
    }

    private String redact(String text) {
        return text == null ? "" : text.replace(token, "***");
    }
}
