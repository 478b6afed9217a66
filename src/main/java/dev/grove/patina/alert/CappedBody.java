package dev.grove.patina.alert;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first few KiB of a response body and stops reading there. A webhook's answer matters only for its
 * status and, on failure, a short reason; a huge or broken body must neither fill memory nor fail a delivery
 * whose status was already received.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private CappedBody(int cap) {
        this.cap = cap;
    }

    static HttpResponse.BodyHandler<String> handler(int cap) {
        return info -> new CappedBody(cap);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int take = Math.min(b.remaining(), cap - kept.size());
            byte[] chunk = new byte[take];
            b.get(chunk);
            kept.write(chunk, 0, take);
        }
        if (kept.size() >= cap) {
            subscription.cancel();
            finish();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        finish(); // the status is what counts; keep what arrived
    }

    @Override
    public void onComplete() {
        finish();
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    private void finish() {
        body.complete(kept.toString(StandardCharsets.UTF_8));
    }
}
