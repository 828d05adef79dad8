package dev.vsid.operator.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request head reader takes what clients send and refuses, bounded, what they should not. */
class RequestHeadTest {
  @Test
  void readsTheMethodAndThePathWithoutQuery() throws Exception {
    RequestHead head = read("GET /?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n");

    assertThat(head).isEqualTo(new RequestHead("GET", "/"));
    assertThat(read("HEAD https://a:8443/ HTTP/1.0\n\n")).isEqualTo(new RequestHead("HEAD", "/"));
  }

  @Test
  void malformedRequestLinesAndHeadersAre400() {
    assertStatus("GET /\r\n\r\n", 400);
    assertStatus("GET / HTTP/2.0\r\n\r\n", 400);
    assertStatus("get / HTTP/1.1\r\n\r\n", 400);
    assertStatus("GET /a b HTTP/1.1\r\n\r\n", 400);
    assertStatus("GET / HTTP/1.1\r\nno colon\r\n\r\n", 400);
    assertStatus("GET / HTTP/1.1\r\n folded: x\r\n\r\n", 400);
  }

  @Test
  void aHeadOverTheLimitsIs431() {
    assertStatus(
        "GET / HTTP/1.1\r\nX: " + "a".repeat(RequestHead.MAX_HEAD_BYTES) + "\r\n\r\n", 431);
    assertStatus("GET / HTTP/1.1\r\n" + "X: a\r\n".repeat(RequestHead.MAX_HEADER_LINES + 1), 431);
  }

  @Test
  void aHeadCutShortIsAnError() {
    assertThatThrownBy(() -> read("GET / HTTP/1.1\r\nHost: a\r\n")).isInstanceOf(IOException.class);
  }

  private static void assertStatus(String request, int status) {
    assertThatThrownBy(() -> read(request))
        .isInstanceOfSatisfying(
            RequestHead.Refused.class, refused -> assertThat(refused.status).isEqualTo(status));
  }

  private static RequestHead read(String request) throws Exception {
    return RequestHead.read(
        new ByteArrayInputStream(request.getBytes(StandardCharsets.ISO_8859_1)));
  }
}
