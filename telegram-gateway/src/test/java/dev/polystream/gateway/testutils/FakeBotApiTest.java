package dev.polystream.gateway.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polystream.gateway.telegram.BotApi;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The fake Bot API reads multipart bodies (sendPhoto) the way Telegram does. */
class FakeBotApiTest {

    private static final String TOKEN = "123456:fake-multipart";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1};

    @Test
    void shouldKeepThePhotoAndCaptionSentByTheBotApiClient() throws Exception {
        try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
                BotApi api = new BotApi(telegram.baseUrl(), TOKEN)) {
            long id = api.sendPhoto(42, PNG, "chart.png", "<b>Price</b> of Yes, 1h");

            FakeBotApi.Message shown = telegram.message(42, id).orElseThrow();
            assertThat(shown.photo()).isEqualTo(PNG);
            assertThat(shown.text()).isEqualTo("<b>Price</b> of Yes, 1h");
            assertThat(shown.parseMode()).isEqualToIgnoringCase("HTML");
            List<FakeBotApi.Request> sent = telegram.requests("sendPhoto");
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).chatId()).isEqualTo(42L);
            assertThat(sent.get(0).status()).isEqualTo(200);
            assertThat(sent.get(0).params()).containsValue("<file>");
        }
    }

    @Test
    void shouldReadEveryPartOfAHandWrittenMultipartBody() throws Exception {
        try (FakeBotApi telegram = FakeBotApi.start(TOKEN)) {
            RequestBody body =
                    new MultipartBody.Builder("b0und4ry")
                            .setType(MultipartBody.FORM)
                            .addFormDataPart("chat_id", "7")
                            .addFormDataPart("caption", "Résolu ✅\r\nline two")
                            .addFormDataPart(
                                    "photo",
                                    "chart.png",
                                    RequestBody.create(PNG, MediaType.get("image/png")))
                            .addFormDataPart("parse_mode", "HTML")
                            .build();
            Request request =
                    new Request.Builder()
                            .url(telegram.baseUrl() + "/bot" + TOKEN + "/sendPhoto")
                            .post(body)
                            .build();
            try (Response response = new OkHttpClient().newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }

            FakeBotApi.Message shown = telegram.messages(7).get(0);
            assertThat(shown.photo()).isEqualTo(PNG);
            assertThat(shown.text()).isEqualTo("Résolu ✅\r\nline two");
            assertThat(telegram.requests("sendPhoto").get(0).params())
                    .isEqualTo(
                            Map.of(
                                    "chat_id", "7",
                                    "caption", "Résolu ✅\r\nline two",
                                    "photo", "<file>",
                                    "parse_mode", "HTML"));
        }
    }
}
